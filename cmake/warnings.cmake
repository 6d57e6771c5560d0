# Compiler warnings and sanitizers for every target of the project.
add_library(certgate_build_flags INTERFACE)
target_compile_options(certgate_build_flags INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wnon-virtual-dtor
  -Wold-style-cast -Woverloaded-virtual)
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
