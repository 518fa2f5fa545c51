# One version: the CMake project version plus the git revision, regenerated at build
# time (so a new commit never ships a stale revision) and written only when it changes.
set(THETOOL_GENERATED_DIR "${CMAKE_BINARY_DIR}/generated")
add_custom_target(thetool_buildinfo_gen
  COMMAND "${CMAKE_COMMAND}"
          -DSOURCE_DIR=${PROJECT_SOURCE_DIR}
          -DOUTPUT=${THETOOL_GENERATED_DIR}/thetool_buildinfo.h
          -DVERSION=${PROJECT_VERSION}
          -P "${PROJECT_SOURCE_DIR}/cmake/WriteBuildInfo.cmake"
  BYPRODUCTS "${THETOOL_GENERATED_DIR}/thetool_buildinfo.h"
  COMMENT "Recording version and git revision"
  VERBATIM)

add_library(thetool_buildinfo INTERFACE)
add_dependencies(thetool_buildinfo thetool_buildinfo_gen)
target_include_directories(thetool_buildinfo INTERFACE "${THETOOL_GENERATED_DIR}")
