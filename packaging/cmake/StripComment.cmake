# CPACK_PRE_BUILD_SCRIPTS: after CPack installed (and stripped) the files into
# its staging folder, before the .deb is made (md5sums, shlibdeps): drop the
# .comment and .note sections of every ELF file, as dh_strip does (lintian:
# binary-has-unneeded-section). .note.gnu.build-id and the ABI note stay.
if(NOT CPACK_TEMPORARY_INSTALL_DIRECTORY OR NOT CPACK_BATON_OBJCOPY)
  return()
endif()
file(GLOB_RECURSE _files LIST_DIRECTORIES false "${CPACK_TEMPORARY_INSTALL_DIRECTORY}/*")
foreach(_f IN LISTS _files)
  if(IS_SYMLINK "${_f}")
    continue()
  endif()
  file(READ "${_f}" _magic LIMIT 4 HEX)
  if(_magic STREQUAL "7f454c46")
    execute_process(COMMAND "${CPACK_BATON_OBJCOPY}" --remove-section=.comment --remove-section=.note "${_f}"
                    RESULT_VARIABLE _rc ERROR_VARIABLE _err)
    if(NOT _rc EQUAL 0)
      message(FATAL_ERROR "objcopy failed on ${_f}: ${_err}")
    endif()
  endif()
endforeach()
