execute_process(
  COMMAND "${CMAKE_COMMAND}" --build "${BINARY_DIR}" --target "${TARGET}"
  RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
set(all "${out}${err}")
if(status EQUAL 0)
  message(FATAL_ERROR "${TARGET} compiled, but it includes ${EXPECTED} across a layer boundary")
endif()
string(FIND "${all}" "${EXPECTED}" at)
if(at EQUAL -1 OR NOT all MATCHES "No such file or directory")
  message(FATAL_ERROR "${TARGET} failed for another reason than the layer boundary:\n${all}")
endif()
message(STATUS "${TARGET}: refused as expected (${EXPECTED} is not visible)")
