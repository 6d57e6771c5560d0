# What `cmake --install` and the Debian package (CPack DEB) put where.
#   bin/certgate, bin/certgate-external
#   share/man/man1/certgate.1, certgate-<command>.1, certgate-external.1
#   share/bash-completion/completions/certgate, share/zsh/vendor-completions/_certgate
#   share/certgate/schemas/*.json
#   share/doc/certgate/{README.md,CHANGELOG.md,copyright,docs/,examples/}
# The man pages and completions are generated at build time from the
# programs' own --help (help2man, packaging/make-completions.py).
include(GNUInstallDirs)

find_program(HELP2MAN help2man)
# gzip -n (no name, no time stamp) for the man pages and the Debian changelog,
# so a package build is reproducible.
find_program(GZIP gzip REQUIRED)
find_package(Python3 COMPONENTS Interpreter)

set(certgate_generated "${PROJECT_BINARY_DIR}/generated")
set(certgate_man_pages "")
# certgate_man_page(PAGE PROGRAM "WORDS" "NAME LINE" INCLUDE)
function(certgate_man_page page program words name_line include)
  set(output "${certgate_generated}/man/${page}.1.gz")
  add_custom_command(OUTPUT "${output}"
    COMMAND "${CMAKE_COMMAND}" -E make_directory "${certgate_generated}/man"
    COMMAND "${CMAKE_COMMAND}" "-DHELP2MAN=${HELP2MAN}" "-DGZIP=${GZIP}" "-DPROGRAM=$<TARGET_FILE:${program}>"
            "-DWORDS=${words}" "-DPAGE=${page}" "-DNAME_LINE=${name_line}" "-DINCLUDE=${include}" "-DOUTPUT=${output}"
            -P "${PROJECT_SOURCE_DIR}/packaging/man/man-page.cmake"
    DEPENDS ${program} "${include}" "${PROJECT_SOURCE_DIR}/packaging/man/man-page.cmake"
    COMMENT "man page ${page}(1)" VERBATIM)
  set(certgate_man_pages ${certgate_man_pages} "${output}" PARENT_SCOPE)
endfunction()

if(HELP2MAN)
  set(h2m "${PROJECT_SOURCE_DIR}/packaging/man/certgate.h2m")
  certgate_man_page(certgate certgate "" "SSL/TLS certificate expiry as a CI gate and as code" "${h2m}")
  certgate_man_page(certgate-check certgate "check"
    "evaluate certificates in files, Terraform JSON and live endpoints" "${h2m}")
  certgate_man_page(certgate-notify certgate "notify" "send milestone notifications to verified recipients" "${h2m}")
  certgate_man_page(certgate-status certgate "status" "print the console view of declared certificates" "${h2m}")
  certgate_man_page(certgate-recipients certgate "recipients"
    "list recipients and verify their contact details" "${h2m}")
  certgate_man_page(certgate-store certgate "store"
    "migrate the store's schema or show its state (SQLite or PostgreSQL)" "${h2m}")
  certgate_man_page(certgate-serve certgate "serve"
    "serve the read-only certificate console (list, reminders, recipients, JSON API, metrics)" "${h2m}")
  certgate_man_page(certgate-huaweicloud certgate "huaweicloud sync"
    "push notification toggles to Huawei Cloud Certificate Manager" "${h2m}")
  certgate_man_page(certgate-external certgate-external ""
    "Terraform external program for certificates, recipients and notifications"
    "${PROJECT_SOURCE_DIR}/packaging/man/certgate-external.h2m")
  add_custom_target(certgate_man ALL DEPENDS ${certgate_man_pages})
  install(FILES ${certgate_man_pages} DESTINATION "${CMAKE_INSTALL_MANDIR}/man1")
else()
  message(STATUS "help2man not found: no man pages (scripts/install-deps.sh installs it)")
endif()

if(Python3_Interpreter_FOUND)
  set(completions "${certgate_generated}/completions")
  add_custom_command(OUTPUT "${completions}/certgate.bash" "${completions}/_certgate"
    COMMAND "${Python3_EXECUTABLE}" "${PROJECT_SOURCE_DIR}/packaging/make-completions.py" $<TARGET_FILE:certgate>
            "${completions}"
    DEPENDS certgate "${PROJECT_SOURCE_DIR}/packaging/make-completions.py"
    COMMENT "shell completions" VERBATIM)
  add_custom_target(certgate_completions ALL DEPENDS "${completions}/certgate.bash" "${completions}/_certgate")
  install(FILES "${completions}/certgate.bash" RENAME certgate
          DESTINATION "${CMAKE_INSTALL_DATADIR}/bash-completion/completions")
  install(FILES "${completions}/_certgate" DESTINATION "${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions")
else()
  message(STATUS "python3 not found: no shell completions")
endif()

set(certgate_docdir "${CMAKE_INSTALL_DATADIR}/doc/certgate")
install(FILES README.md CHANGELOG.md DESTINATION "${certgate_docdir}")
install(FILES packaging/debian/copyright DESTINATION "${certgate_docdir}")
# Debian wants its own changelog, compressed (changelog.gz for a package
# built from upstream alone); gzip -n keeps it reproducible.
add_custom_command(OUTPUT "${certgate_generated}/changelog.gz"
  COMMAND "${GZIP}" -9nc "${PROJECT_SOURCE_DIR}/packaging/debian/changelog" > "${certgate_generated}/changelog.gz"
  DEPENDS "${PROJECT_SOURCE_DIR}/packaging/debian/changelog" COMMENT "Debian changelog")
add_custom_target(certgate_debian_changelog ALL DEPENDS "${certgate_generated}/changelog.gz")
install(FILES "${certgate_generated}/changelog.gz" DESTINATION "${certgate_docdir}")
install(DIRECTORY docs/ DESTINATION "${certgate_docdir}/docs")
install(DIRECTORY examples/ DESTINATION "${certgate_docdir}/examples" USE_SOURCE_PERMISSIONS)
install(DIRECTORY schemas/ DESTINATION "${CMAKE_INSTALL_DATADIR}/certgate/schemas")

# The Debian package: scripts/package.sh (cpack -G DEB).
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME certgate)
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_CONTACT "certgate maintainers <certgate@example.org>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "SSL/TLS certificate expiry as a CI gate and as Terraform code")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "certgate reads terraform show -json output, PEM, DER and PKCS#12 files and\n live TLS endpoints, evaluates every certificate against the expiry\n milestones and the working-day renewal window, writes reports CI systems\n understand (JUnit, SARIF, GitLab Code Quality, GitHub annotations) and\n fails the pipeline inside the renewal window. certgate-external speaks\n Terraform's external program protocol, so bad declarations fail at plan\n time. certgate notify sends the milestone messages to verified recipients.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # certgate_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON) # Depends from dpkg-shlibdeps
# libpq is loaded with dlopen only for a PostgreSQL store (src/adapters/store/
# libpq.hpp), so dpkg-shlibdeps does not see it: recommended, not required,
# as SQLite stores and everything else run without it.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libpq5")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://github.com/certgate/certgate")
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS OFF)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
include(CPack)
