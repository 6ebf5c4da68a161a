# cmake -DSCDOC=... -DSOURCE=page.N.scd -DOUTPUT=page.N.gz -DVERSION=x.y.z -P ScdocToMan.cmake
# Renders one scdoc page, with @VERSION@ filled in, to a gzip -9n man page
# (what Debian ships: compressed, no name or time stamp in the gzip header).
cmake_minimum_required(VERSION 3.25)   # new policies: "@VERSION@" below is a literal
foreach(var SCDOC GZIP SOURCE OUTPUT VERSION)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "ScdocToMan.cmake: ${var} is not set")
  endif()
endforeach()
file(READ "${SOURCE}" text)
string(REPLACE "@VERSION@" "${VERSION}" text "${text}")
string(REGEX REPLACE "\\.gz$" "" page "${OUTPUT}")
file(WRITE "${page}.scd" "${text}")
execute_process(COMMAND "${SCDOC}" INPUT_FILE "${page}.scd" OUTPUT_FILE "${page}"
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "scdoc failed on ${SOURCE}: ${err}")
endif()
execute_process(COMMAND "${GZIP}" -9nf "${page}" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "gzip failed on ${page}")
endif()
file(REMOVE "${page}.scd")
