# One INTERFACE target carries the project's compile policy: strict Qt string and
# connect rules (as qBittorrent does) and the warnings we keep clean.
add_library(thetool_strict INTERFACE)
target_compile_definitions(thetool_strict INTERFACE
  QT_NO_CAST_FROM_ASCII
  QT_NO_CAST_TO_ASCII
  QT_NO_CAST_FROM_BYTEARRAY
  QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
  QT_NO_URL_CAST_FROM_STRING
  QT_USE_QSTRINGBUILDER
  QT_NO_FOREACH
  QT_NO_KEYWORDS
  QT_STRICT_ITERATORS)
target_compile_options(thetool_strict INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align
  -Wold-style-cast -Woverloaded-virtual -Wnull-dereference -Wimplicit-fallthrough
  -Werror=return-type -Werror=format-security)
