# mailblock_embed_json(JSON_FILE NAMESPACE SYMBOL OUT_CPP): writes OUT_CPP defining
# `extern const char* const NAMESPACE::SYMBOL` as the text of JSON_FILE (data compiled into the plugin, so it
# needs no data folder at run time). A change to JSON_FILE re-runs CMake.
function(mailblock_embed_json json_file namespace symbol out_cpp)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${json_file})
  file(READ ${json_file} text)
  file(RELATIVE_PATH shown ${CMAKE_SOURCE_DIR} ${json_file})
  file(WRITE ${out_cpp}
    "// Generated from ${shown} by cmake/embed_json.cmake.\n"
    "namespace ${namespace} {\n"
    "extern const char* const ${symbol};\n"
    "const char* const ${symbol} = R\"mbjson(${text})mbjson\";\n"
    "}  // namespace ${namespace}\n")
endfunction()
