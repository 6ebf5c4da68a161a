#pragma once

#include <QList>
#include <QString>

#include <sys/types.h>

namespace baton {

// What the user database says of a caller both transports identified by uid.
struct UserEntry {
    QString name;           // empty when the uid has no entry
    gid_t primaryGroup = gid_t(-1);
    QList<gid_t> groups;    // every group it lists for the user, primary included
};
UserEntry lookUpUser(uid_t uid);

} // namespace baton
