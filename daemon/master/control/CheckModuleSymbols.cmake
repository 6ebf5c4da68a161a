# Build-time check for batond-dbus.so (control/BusTransport.cpp): every
# symbol of ours that the module needs must be exported by batond, or the
# module would fail to load only at run time, on the first bus config.
#   cmake -DNM=nm -DEXE=batond -DMODULE=batond-dbus.so -P CheckModuleSymbols.cmake
execute_process(COMMAND ${NM} -D --undefined-only ${MODULE} OUTPUT_VARIABLE undefined COMMAND_ERROR_IS_FATAL ANY)
execute_process(COMMAND ${NM} -D --defined-only ${EXE} OUTPUT_VARIABLE defined COMMAND_ERROR_IS_FATAL ANY)
string(REGEX MATCHALL "_ZN[^\n]*5baton[^\n]*" wanted "${undefined}")
set(missing "")
foreach(line IN LISTS wanted)
  string(REGEX REPLACE "^.* U " "" symbol "${line}")
  string(STRIP "${symbol}" symbol)
  string(FIND "${defined}" " ${symbol}\n" at)
  if(at EQUAL -1)
    list(APPEND missing ${symbol})
  endif()
endforeach()
if(missing)
  list(JOIN missing "\n  " text)
  message(FATAL_ERROR "batond does not export what ${MODULE} needs (link the object that defines it into batond, or move the definition into the module):\n  ${text}")
endif()
