# Compiler warnings and sanitizers for every target of the project.
add_library(certgate_build_flags INTERFACE)
target_compile_options(certgate_build_flags INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wnon-virtual-dtor
  -Wold-style-cast -Woverloaded-virtual)
# How much debug information to emit: "full" (the build type's -g), "lines"
# (-g1: file and line tables, enough for sanitizer and crash stack traces) or
# "none" (-g0). CI's builds exist to run the tests, and full DWARF for every
# test body is ~40% of their compile time (scripts/test.sh).
set(CERTGATE_DEBUG_INFO full CACHE STRING "Debug information: full, lines or none")
set_property(CACHE CERTGATE_DEBUG_INFO PROPERTY STRINGS full lines none)
if(CERTGATE_DEBUG_INFO STREQUAL "lines")
  target_compile_options(certgate_build_flags INTERFACE -g1)
elseif(CERTGATE_DEBUG_INFO STREQUAL "none")
  target_compile_options(certgate_build_flags INTERFACE -g0)
elseif(NOT CERTGATE_DEBUG_INFO STREQUAL "full")
  message(FATAL_ERROR "CERTGATE_DEBUG_INFO must be full, lines or none, not \"${CERTGATE_DEBUG_INFO}\"")
endif()
if(CERTGATE_WERROR)
  target_compile_options(certgate_build_flags INTERFACE -Werror)
endif()
if(CERTGATE_SANITIZE)
  target_compile_options(certgate_build_flags INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer
    -fno-sanitize-recover=undefined)
  target_link_options(certgate_build_flags INTERFACE -fsanitize=address,undefined)
endif()
if(CERTGATE_FUZZ)
  # Coverage for libFuzzer in every library; the harnesses add the fuzzer main.
  # Undefined behaviour aborts (like in the sanitizer build), so that libFuzzer
  # reports it as a crash instead of printing it and going on.
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
    -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
