# Why: the checked-in io.github.baton.Daemon1.Manager.xml is the public
# introspection of batond and should carry no binding-specific annotations,
# but Qt 6's qdbusxml2cpp refuses an a{sv} argument without
# org.qtproject.QtDBus.QtTypeName. So the build adds them to a copy for the
# generator (MODE=annotate) and strips them again from the introspection
# string the generated adaptor hands to QtDBus (MODE=strip).
#   cmake -DMODE=annotate -DIN=clean.xml -DOUT=annotated.xml -P QtDBusAnnotations.cmake
#   cmake -DMODE=strip -DIN=ManagerAdaptor.h -P QtDBusAnnotations.cmake   (in place)
#   cmake -DMODE=moc-include -DIN=ManagerAdaptor.cpp -P QtDBusAnnotations.cmake   (in place)
file(READ "${IN}" text)
if(MODE STREQUAL "annotate")
  # Every method and signal of the interface has exactly one a{sv} argument
  # that QtDBus must see as QVariantMap: methods' out argument, signals' only one.
  string(REGEX REPLACE "(<arg name=\"[a-z_]+\" type=\"a\\{sv\\}\" direction=\"out\"/>)"
         "\\1\n      <annotation name=\"org.qtproject.QtDBus.QtTypeName.Out0\" value=\"QVariantMap\"/>" text "${text}")
  string(REGEX REPLACE "(<arg name=\"[a-z_]+\" type=\"a\\{sv\\}\"/>)"
         "\\1\n      <annotation name=\"org.qtproject.QtDBus.QtTypeName.Out0\" value=\"QVariantMap\"/>" text "${text}")
  file(WRITE "${OUT}" "${text}")
elseif(MODE STREQUAL "moc-include")
  # qdbusxml2cpp -m ends the source with the moc include: "ManagerAdaptor.moc"
  # in Qt 6.4, "moc_ManagerAdaptor.cpp" in Qt 6.8. One name for both.
  string(REGEX REPLACE "#include \"moc_([A-Za-z]+)\\.cpp\"" "#include \"\\1.moc\"" text "${text}")
  file(WRITE "${IN}" "${text}")
elseif(MODE STREQUAL "strip")
  string(REGEX REPLACE "\"[ ]*<annotation[^\n]*org\\.qtproject[^\n]*\\\\n\"\n" "" text "${text}")
  file(WRITE "${IN}" "${text}")
else()
  message(FATAL_ERROR "QtDBusAnnotations.cmake: MODE must be annotate or strip")
endif()
