#pragma once

// Small files of /proc and of the cgroup2 mount, read and written with plain
// syscalls (ProcessTree.cpp, WorkerCgroups.cpp): they are small, and a
// partial read or a write error is part of the answer (a process that just
// exited, a cgroup still busy). Internal to daemon/master.

#include <QByteArray>
#include <QString>

#include <optional>
#include <vector>

namespace baton::procfs {

QString errnoText(int error);
std::optional<QByteArray> readFile(const QString &path);
int writeFile(const QString &path, const QByteArray &data);   // 0 on success, else errno
bool writable(const QString &path);
bool exists(const QString &path);
// The subdirectories of dir (not . or ..), unsorted.
std::vector<QByteArray> subdirectories(const QByteArray &dir);

} // namespace baton::procfs
