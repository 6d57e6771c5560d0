# One man page from a program's own --help (help2man), so the page and
# --help cannot drift: both come from the same option table.
#   cmake -DHELP2MAN=... -DGZIP=... -DPROGRAM=certgate -DWORDS="check" -DPAGE=certgate-check
#         -DNAME_LINE="..." -DINCLUDE=... -DOUTPUT=... -P man-page.cmake
# WORDS are the sub-command words before --help ("" for the program itself).
set(help_option "--help")
if(WORDS)
  set(help_option "${WORDS} --help")
endif()
execute_process(
  COMMAND "${HELP2MAN}" --no-info --no-discard-stderr --section=1 "--name=${NAME_LINE}" "--include=${INCLUDE}"
          "--help-option=${help_option}" --version-option=--version "${PROGRAM}"
  OUTPUT_VARIABLE page RESULT_VARIABLE failed ERROR_VARIABLE errors)
if(failed)
  message(FATAL_ERROR "help2man ${PROGRAM} ${help_option} failed: ${errors}")
endif()
# help2man names the page after the binary; a sub-command's page is
# certgate-check(1), as git-commit(1) is for git.
get_filename_component(binary "${PROGRAM}" NAME)
string(TOUPPER "${binary}" binary_upper)
string(TOUPPER "${PAGE}" page_upper)
string(REPLACE ".TH ${binary_upper} " ".TH ${page_upper} " page "${page}")
string(REPLACE "-" "\\-" page_escaped "${PAGE}")
# Roff's "\-" cannot pass through a regex replacement: put a marker there.
string(REGEX REPLACE "\n.SH NAME\n[^\n]*\n" "\n.SH NAME\nCERTGATE_NAME_LINE\n" page "${page}")
string(REPLACE "CERTGATE_NAME_LINE" "${page_escaped} \\- ${NAME_LINE}" page "${page}")
# help2man stamps the month of the build, or of SOURCE_DATE_EPOCH (which
# scripts/package.sh sets), so a package build is reproducible.
# Debian policy: man pages gzip-compressed (-n: no name or time stamp).
string(REGEX REPLACE "\\.gz$" "" plain "${OUTPUT}")
file(WRITE "${plain}" "${page}")
if(NOT GZIP)
  message(FATAL_ERROR "man-page.cmake: GZIP is not set: pass -DGZIP=/path/to/gzip (cmake/install.cmake finds it)")
endif()
execute_process(COMMAND "${GZIP}" -9nf "${plain}" RESULT_VARIABLE failed)
if(failed)
  message(FATAL_ERROR "${GZIP} ${plain} failed")
endif()
