# Each layer sees only its own headers: cs_layer_includes(tools) exposes `#include "tools/..."` through a
# directory that holds nothing but a link to tools/, so a tools/ source that includes "protocol/..." fails
# to compile. server/ links both layers and therefore sees both.
function(cs_layer_includes target layer)
  set(root ${PROJECT_BINARY_DIR}/layer-include/${layer})
  if(NOT EXISTS ${root}/${layer})
    file(MAKE_DIRECTORY ${root})
    file(CREATE_LINK ${PROJECT_SOURCE_DIR}/${layer} ${root}/${layer} SYMBOLIC)
  endif()
  target_include_directories(${target} PUBLIC ${root})
endfunction()
