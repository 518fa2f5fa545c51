# The layers of DESIGN.md are enforced by what a target can see, not by discipline.
# Each library gets its own include root holding symlinks to only the layer folders it
# may use, so `#include "backend/..."` from ui/ fails to compile ("No such file"),
# and thetool_analysis sees no Qt (it links nothing).
set(THETOOL_LAYER_ROOT "${CMAKE_BINARY_DIR}/layers")

function(thetool_layer_includes target)
  set(root "${THETOOL_LAYER_ROOT}/${target}")
  file(REMOVE_RECURSE "${root}")
  foreach(folder IN LISTS ARGN)
    get_filename_component(parent "${root}/${folder}" DIRECTORY)
    file(MAKE_DIRECTORY "${parent}")
    file(CREATE_LINK "${PROJECT_SOURCE_DIR}/${folder}" "${root}/${folder}" SYMBOLIC)
  endforeach()
  get_target_property(type ${target} TYPE)
  if(type STREQUAL "INTERFACE_LIBRARY")
    target_include_directories(${target} INTERFACE "${root}")
  else()
    # PRIVATE: a consumer gets the root of its own layer, never ours.
    target_include_directories(${target} PRIVATE "${root}")
  endif()
endfunction()
