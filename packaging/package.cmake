# The .deb of SPEC §9 (scripts/package.sh): the binary, /etc/inlet/inlet.json (a
# conffile), a hardened systemd unit running as user inlet with data in /var/lib/inlet,
# and the docs. Built with CPack from any build directory: `cpack -G DEB`.
install(TARGETS inlet RUNTIME DESTINATION usr/bin)
install(FILES ${PROJECT_SOURCE_DIR}/config/inlet.json DESTINATION etc/inlet)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/inlet.service DESTINATION lib/systemd/system)
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/LICENSE
        DESTINATION usr/share/doc/inlet)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION usr/share/doc/inlet/docs)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME inlet)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "inlet maintainers <maintainers@inlet.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "HTTP ingestion server for master data: records in, golden records out")
set(CPACK_PACKAGING_INSTALL_PREFIX /)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_STRIP_FILES ON)
# The shared libraries the binary links (libssl, libsqlite3, libspdlog, zlib…), as
# dpkg-shlibdeps finds them; adduser for the maintainer scripts.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${PROJECT_SOURCE_DIR}/packaging/postinst ${PROJECT_SOURCE_DIR}/packaging/prerm
    ${PROJECT_SOURCE_DIR}/packaging/postrm ${PROJECT_SOURCE_DIR}/packaging/conffiles)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
