# Install rules beyond the executables (see app/CMakeLists.txt) and CPack: two Debian
# packages (thetool-server, thetool-console) and one .tar.gz. Included at the end of the
# top-level CMakeLists.txt. Files come from installer/; the package test is tests/package.
#
# Components -> packages:
#   server         bin/thetool, doc                         -> thetool-server (and the .tar.gz)
#   server-system  /etc/thetool/thetool.env, systemd unit   -> thetool-server only (absolute paths)
#   console        bin/thetool-console, libexec/thetool/thetool (its embedded server), desktop
#                  entry, icons, doc                        -> thetool-console (and the .tar.gz)
#   archive-extras the unit and env file as examples        -> the .tar.gz only
set(THETOOL_INSTALLER_DIR "${PROJECT_SOURCE_DIR}/installer")
set(THETOOL_DEB_VERSION "${PROJECT_VERSION}-1")

# Debian wants a changelog and a machine-readable copyright in each package's doc folder,
# gzip'ed without a timestamp (-n) so that rebuilding gives identical files.
set(THETOOL_PACKAGING_DIR "${PROJECT_BINARY_DIR}/packaging")
set(CPACK_PACKAGE_CONTACT "TheTool developers <thetool-developers@users.noreply.github.com>")
string(TIMESTAMP THETOOL_DEB_DATE "%a, %d %b %Y %H:%M:%S +0000" UTC) # honours SOURCE_DATE_EPOCH
find_program(THETOOL_GZIP gzip REQUIRED)
configure_file("${THETOOL_INSTALLER_DIR}/debian/copyright" "${THETOOL_PACKAGING_DIR}/copyright" @ONLY)
foreach(package IN ITEMS thetool-server thetool-console)
  set(CPACK_DEB_PACKAGE "${package}")
  configure_file("${THETOOL_INSTALLER_DIR}/debian/changelog.in"
    "${THETOOL_PACKAGING_DIR}/${package}/changelog.Debian" @ONLY)
  execute_process(
    COMMAND "${THETOOL_GZIP}" -9nf "${THETOOL_PACKAGING_DIR}/${package}/changelog.Debian"
    RESULT_VARIABLE gzip_status)
  if(NOT gzip_status EQUAL 0)
    message(FATAL_ERROR "gzip of the ${package} changelog failed")
  endif()
endforeach()

# Manual pages, gzip'ed the same way (configure_file makes a change re-run CMake).
foreach(page IN ITEMS thetool.1 thetool-console.1)
  configure_file("${THETOOL_INSTALLER_DIR}/man/${page}" "${THETOOL_PACKAGING_DIR}/man/${page}" COPYONLY)
  execute_process(COMMAND "${THETOOL_GZIP}" -9nf "${THETOOL_PACKAGING_DIR}/man/${page}"
    RESULT_VARIABLE gzip_status)
  if(NOT gzip_status EQUAL 0)
    message(FATAL_ERROR "gzip of the ${page} manual page failed")
  endif()
endforeach()

# Server
install(FILES "${THETOOL_PACKAGING_DIR}/man/thetool.1.gz"
        DESTINATION "${CMAKE_INSTALL_MANDIR}/man1" COMPONENT server)
install(FILES "${THETOOL_PACKAGING_DIR}/copyright"
              "${THETOOL_PACKAGING_DIR}/thetool-server/changelog.Debian.gz"
              "${PROJECT_SOURCE_DIR}/docs/DEPLOY.md"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/doc/thetool-server" COMPONENT server)
install(FILES "${THETOOL_INSTALLER_DIR}/linux/thetool.service"
        DESTINATION lib/systemd/system COMPONENT server-system)
# Holds MASTER_API_KEY once configured: readable by root only (systemd reads it).
install(FILES "${THETOOL_INSTALLER_DIR}/linux/thetool.env"
        DESTINATION /etc/thetool PERMISSIONS OWNER_READ OWNER_WRITE COMPONENT server-system)
install(FILES "${THETOOL_INSTALLER_DIR}/linux/thetool.service" "${THETOOL_INSTALLER_DIR}/linux/thetool.env"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/thetool/examples" COMPONENT archive-extras)

# Console
if(THETOOL_BUILD_CONSOLE)
  install(FILES "${THETOOL_PACKAGING_DIR}/copyright"
                "${THETOOL_PACKAGING_DIR}/thetool-console/changelog.Debian.gz"
          DESTINATION "${CMAKE_INSTALL_DATADIR}/doc/thetool-console" COMPONENT console)
  install(FILES "${THETOOL_PACKAGING_DIR}/man/thetool-console.1.gz"
          DESTINATION "${CMAKE_INSTALL_MANDIR}/man1" COMPONENT console)
  install(FILES "${THETOOL_INSTALLER_DIR}/linux/thetool-console.desktop"
          DESTINATION "${CMAKE_INSTALL_DATADIR}/applications" COMPONENT console)
  install(FILES "${THETOOL_INSTALLER_DIR}/icons/thetool.svg"
          DESTINATION "${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps"
          RENAME thetool-console.svg COMPONENT console)
  foreach(size IN ITEMS 16 32 48 64 128 256)
    install(FILES "${THETOOL_INSTALLER_DIR}/icons/thetool-${size}.png"
            DESTINATION "${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps"
            RENAME thetool-console.png COMPONENT console)
  endforeach()
endif()

# CPack (components declared before include(CPack), which writes every CPACK_ variable out)
include(CPackComponent)
set(CPACK_PACKAGE_NAME "thetool")
set(CPACK_PACKAGE_VENDOR "TheTool developers")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_FILE_NAME "thetool-${PROJECT_VERSION}-linux-${CMAKE_SYSTEM_PROCESSOR}")
set(CPACK_RESOURCE_FILE_LICENSE "${PROJECT_SOURCE_DIR}/LICENSE")
set(CPACK_GENERATOR "DEB;TGZ")
set(CPACK_SOURCE_GENERATOR "")
set(CPACK_STRIP_FILES ON) # the release preset builds RelWithDebInfo; packages ship stripped
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
  OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
set(CPACK_PROJECT_CONFIG_FILE "${THETOOL_PACKAGING_DIR}/CPackProjectConfig.cmake")
set(THETOOL_PACKAGE_COMPONENTS server server-system)
if(THETOOL_BUILD_CONSOLE)
  list(APPEND THETOOL_PACKAGE_COMPONENTS console)
endif()
set(CPACK_COMPONENTS_ALL ${THETOOL_PACKAGE_COMPONENTS})
configure_file("${THETOOL_INSTALLER_DIR}/debian/CPackProjectConfig.cmake.in"
  "${CPACK_PROJECT_CONFIG_FILE}" @ONLY)

# Debian: one package per component group. Descriptions: first line the synopsis, then
# paragraphs separated by an empty line (CPack indents them).
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_SOURCE "thetool")
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${PROJECT_HOMEPAGE_URL}")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON) # dpkg-shlibdeps; the Depends below are added to it
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

# Run-time plugins no linker sees: SQL drivers (QSQLITE, QPSQL) and the OpenSSL TLS backend
# of QtNetwork, which dlopen()s libssl for https (market data); CA certificates to verify it.
set(THETOOL_DEB_PLUGIN_DEPENDS "libqt6sql6-sqlite, libqt6sql6-psql, libssl3, ca-certificates")

cpack_add_component_group(server)
cpack_add_component(server GROUP server)
cpack_add_component(server-system GROUP server)
set(CPACK_DEBIAN_SERVER_PACKAGE_NAME "thetool-server")
set(CPACK_DEBIAN_SERVER_PACKAGE_SECTION net)
set(CPACK_DEBIAN_SERVER_PACKAGE_DEPENDS "adduser, ${THETOOL_DEB_PLUGIN_DEPENDS}")
# pg_dump for ADOPT_BACKUP=1 (adopting a v8 database); the servers it may use.
set(CPACK_DEBIAN_SERVER_PACKAGE_SUGGESTS "postgresql, postgresql-client, redis-server")
set(CPACK_DEBIAN_SERVER_DESCRIPTION "TheTool stock technical-analysis server
TheTool runs stock technical analyses (indicators, signals, backtests) as
durable jobs behind a JSON HTTP API, on SQLite or PostgreSQL, with optional
Redis for shared caching and rate limits.

This package contains the thetool command (server, migrations, API keys,
offline analysis) and a hardened systemd service running as the thetool user.")
set(CPACK_DEBIAN_SERVER_PACKAGE_CONTROL_EXTRA
  "${THETOOL_INSTALLER_DIR}/debian/server/postinst"
  "${THETOOL_INSTALLER_DIR}/debian/server/prerm"
  "${THETOOL_INSTALLER_DIR}/debian/server/postrm"
  "${THETOOL_INSTALLER_DIR}/debian/server/conffiles")

if(THETOOL_BUILD_CONSOLE)
  cpack_add_component_group(console)
  cpack_add_component(console GROUP console)
  set(CPACK_DEBIAN_CONSOLE_PACKAGE_NAME "thetool-console")
  set(CPACK_DEBIAN_CONSOLE_PACKAGE_SECTION x11)
  # The platform plugins (xcb, wayland via xcb, offscreen) ship in libqt6gui6, which the
  # shared-library dependencies already bring; VNC and Wayland plugins are extras.
  set(CPACK_DEBIAN_CONSOLE_PACKAGE_DEPENDS "${THETOOL_DEB_PLUGIN_DEPENDS}")
  set(CPACK_DEBIAN_CONSOLE_PACKAGE_RECOMMENDS "qt6-qpa-plugins, qt6-wayland")
  set(CPACK_DEBIAN_CONSOLE_DESCRIPTION "TheTool desktop console
A Qt desktop console for TheTool: run analyses, follow jobs and logs, and
administer databases and API keys, against remote TheTool servers or an
embedded local server.

The console carries its own copy of the server (/usr/libexec/thetool/thetool)
for the embedded mode, so it does not need the thetool-server package.")
endif()

include(CPack)
