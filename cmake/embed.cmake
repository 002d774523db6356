# Appends to the variable [out_var] the C++ definition `const char NAME[] = {..., 0};` holding the
# bytes of [file], and makes CMake configure again when the file changes. No Python needed: CMake
# reads the file itself. Used for the standard library and the council page's files.
function(decree_embed_bytes file name out_var)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${file})
  file(READ ${file} content HEX)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${content}")
  set(${out_var} "${${out_var}}const char ${name}[] = {${bytes} 0};\n" PARENT_SCOPE)
endfunction()
