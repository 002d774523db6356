# A real decree with garbage appended fails with file:line:col and exit 65.
file(READ ${SRC}/decrees/vn/2025/dot2_2025.decree text)
string(APPEND text "\n)]}#@! garbage\n")
file(WRITE ${WORK}/corrupted.decree "${text}")
execute_process(COMMAND ${DECREEC} check ${WORK}/corrupted.decree --diagnostics=short
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 65)
  message(FATAL_ERROR "expected exit 65, got ${rc}\n${err}")
endif()
if(NOT err MATCHES "corrupted\\.decree:[0-9]+:[0-9]+: error\\[E0101\\]")
  message(FATAL_ERROR "expected a file:line:col error, got\n${err}")
endif()
message(STATUS "ok: ${err}")
