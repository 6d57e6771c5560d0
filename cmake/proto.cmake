# certgate_proto_library(NAME PROTO...): a static library certgate_NAME of the
# C++ messages (protoc) and gRPC services (grpc_cpp_plugin) of each PROTO (a
# path from the source folder; imports resolve in its own folder), generated
# into the build tree at build time. The generated headers are a
# SYSTEM include directory: the project's warning flags do not apply to code
# it does not write.
function(certgate_proto_library name)
  set(out "${PROJECT_BINARY_DIR}/generated/proto")
  file(MAKE_DIRECTORY "${out}")
  set(sources "")
  foreach(proto ${ARGN})
    get_filename_component(stem "${proto}" NAME_WE)
    get_filename_component(folder "${PROJECT_SOURCE_DIR}/${proto}" DIRECTORY)
    set(generated "${out}/${stem}.pb.cc" "${out}/${stem}.pb.h" "${out}/${stem}.grpc.pb.cc" "${out}/${stem}.grpc.pb.h")
    add_custom_command(
      OUTPUT ${generated}
      COMMAND protobuf::protoc --proto_path=${folder} --cpp_out=${out} --grpc_out=${out}
              --plugin=protoc-gen-grpc=${CERTGATE_GRPC_CPP_PLUGIN} ${PROJECT_SOURCE_DIR}/${proto}
      DEPENDS "${PROJECT_SOURCE_DIR}/${proto}" protobuf::protoc
      COMMENT "protoc ${proto}" VERBATIM)
    list(APPEND sources "${out}/${stem}.pb.cc" "${out}/${stem}.grpc.pb.cc")
  endforeach()
  add_library(certgate_${name} STATIC ${sources})
  target_include_directories(certgate_${name} SYSTEM PUBLIC "${out}")
  target_link_libraries(certgate_${name} PUBLIC gRPC::grpc++ protobuf::libprotobuf-lite)
  set_target_properties(certgate_${name} PROPERTIES POSITION_INDEPENDENT_CODE ON)
endfunction()
