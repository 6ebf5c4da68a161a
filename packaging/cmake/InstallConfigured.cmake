# Install-time half of packaging/ (included by install(CODE) from
# packaging/CMakeLists.txt). The systemd units and the default config name the
# installed programs by absolute path, so they are written here, for the
# prefix really installed to (`cmake --install --prefix`, cpack's /usr), not
# the one configured. Inputs, set by the caller: _baton_src, _baton_work,
# _baton_system_unit, _baton_bindir, _baton_sbindir, _baton_datadir (relative to the prefix).
set(prefix "${CMAKE_INSTALL_PREFIX}")
string(REGEX REPLACE "(.)/+$" "\\1" prefix "${prefix}")
# Like GNUInstallDirs' FULL_SYSCONFDIR: /usr -> /etc, /opt/X -> /etc/opt/X.
if(prefix STREQUAL "/usr" OR prefix STREQUAL "/")
  set(BATON_SYSCONFDIR "/etc")
elseif(prefix MATCHES "^/opt/")
  set(BATON_SYSCONFDIR "/etc${prefix}")
else()
  set(BATON_SYSCONFDIR "${prefix}/etc")
endif()
if(prefix STREQUAL "/")
  set(prefix "")
endif()
set(BATON_BINDIR "${prefix}/${_baton_bindir}")
set(BATON_SBINDIR "${prefix}/${_baton_sbindir}")
set(BATON_DATADIR "${prefix}/${_baton_datadir}")

# One work folder per destination, so parallel installs (a test, cpack) never
# share half-written files.
string(MD5 key "$ENV{DESTDIR}|${prefix}")
set(work "${_baton_work}/${key}")
# The system unit was made for this release at configure time (packaging/CMakeLists.txt).
configure_file("${_baton_system_unit}" "${work}/system/batond.service" @ONLY)
configure_file("${_baton_src}/systemd/user/batond.service.in" "${work}/user/batond.service" @ONLY)
configure_file("${_baton_src}/config/baton.toml.in" "${work}/baton.toml" @ONLY)

file(INSTALL DESTINATION "${prefix}/lib/systemd/system" TYPE FILE FILES "${work}/system/batond.service")
file(INSTALL DESTINATION "${prefix}/lib/systemd/user" TYPE FILE FILES "${work}/user/batond.service")
# Never overwrite an administrator's configuration on a live system.
if("$ENV{DESTDIR}" STREQUAL "" AND EXISTS "${BATON_SYSCONFDIR}/baton/baton.toml")
  message(STATUS "Keeping: ${BATON_SYSCONFDIR}/baton/baton.toml (the default is ${work}/baton.toml)")
else()
  file(INSTALL DESTINATION "${BATON_SYSCONFDIR}/baton" TYPE FILE FILES "${work}/baton.toml")
endif()
