# certgate_layer(NAME DIR [DEPS ...]): a static library certgate_NAME built from
# src/DIR/*.cpp with include/ as its public header root.
function(certgate_layer name dir)
  cmake_parse_arguments(PARSE_ARGV 2 arg "" "" "DEPS")
  file(GLOB sources CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/src/${dir}/*.cpp")
  if(NOT sources)
    message(FATAL_ERROR "layer ${name}: no sources in src/${dir}")
  endif()
  add_library(certgate_${name} STATIC ${sources})
  target_include_directories(certgate_${name} PUBLIC "${PROJECT_SOURCE_DIR}/include")
  target_link_libraries(certgate_${name} PUBLIC ${arg_DEPS} PRIVATE certgate_build_flags)
endfunction()

# certgate_program(NAME DIR [NO_INSTALL] [DEPS ...]): an executable from
# src/DIR/*.cpp, installed into the bin folder unless NO_INSTALL.
function(certgate_program name dir)
  cmake_parse_arguments(PARSE_ARGV 2 arg "NO_INSTALL" "" "DEPS")
  file(GLOB sources CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/src/${dir}/*.cpp")
  add_executable(${name} ${sources})
  target_link_libraries(${name} PRIVATE ${arg_DEPS} certgate_build_flags)
  if(NOT arg_NO_INSTALL)
    install(TARGETS ${name} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  endif()
endfunction()
