#include "UserDatabase.h"

#include <grp.h>
#include <pwd.h>
#include <unistd.h>
#include <vector>

namespace baton {

UserEntry lookUpUser(uid_t uid)
{
    UserEntry out;
    const long size = ::sysconf(_SC_GETPW_R_SIZE_MAX);
    std::vector<char> buffer(size > 0 ? size_t(size) : 16384);
    passwd entry{};
    passwd *found = nullptr;
    if (::getpwuid_r(uid, &entry, buffer.data(), buffer.size(), &found) != 0 || !found)
        return out;
    out.name = QString::fromLocal8Bit(found->pw_name);
    out.primaryGroup = found->pw_gid;
    int count = 64;
    std::vector<gid_t> listed(static_cast<size_t>(count));
    if (::getgrouplist(found->pw_name, found->pw_gid, listed.data(), &count) < 0) {
        listed.resize(static_cast<size_t>(count));
        if (::getgrouplist(found->pw_name, found->pw_gid, listed.data(), &count) < 0)
            count = 0;
    }
    out.groups = QList<gid_t>(listed.begin(), listed.begin() + count);
    return out;
}

} // namespace baton
