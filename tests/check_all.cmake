# `decreec check` must be clean (exit 0, no warnings) on every example and every real decree.
file(GLOB_RECURSE files RELATIVE ${SRC} ${SRC}/examples/*.decree ${SRC}/decrees/*.decree)
list(SORT files)
if(NOT files)
  message(FATAL_ERROR "no decree files found")
endif()
foreach(f IN LISTS files)
  execute_process(COMMAND ${DECREEC} check ${f} --diagnostics=short
                  RESULT_VARIABLE rc ERROR_VARIABLE err WORKING_DIRECTORY ${SRC})
  if(NOT rc EQUAL 0 OR NOT err MATCHES "0 errors, 0 warnings")
    message(FATAL_ERROR "${f}: exit ${rc}\n${err}")
  endif()
  message(STATUS "${f}: clean")
endforeach()
