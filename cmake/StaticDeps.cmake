# libgit2 and RE2, with the libraries only libgit2 uses (SSH, mbed TLS, PCRE2, HTTP parsing), are linked
# from their static archives. Loaded as shared objects they cost every run ~2-3 ms of start-up (symbol
# binding and relocation in 10 more objects), more than a short CLI command's own work, and extraction
# pays it on each call. zlib, libcrypto and libssl stay shared: httplib loads them anyway, and one
# process must not hold two copies. Kerberos (libgit2's Negotiate auth) ships no archive.
#
# cs_static_package(<target> <pkg-config module> [extra shared libraries...]) defines the INTERFACE
# target <target> with the module's include directories and its --static link line, each library
# taken from its .a unless it is one of the shared ones above.
function(cs_static_package target module)
  pkg_check_modules(cs_pc_${target} REQUIRED ${module})
  add_library(${target} INTERFACE)
  target_include_directories(${target} SYSTEM INTERFACE ${cs_pc_${target}_STATIC_INCLUDE_DIRS})
  target_compile_options(${target} INTERFACE ${cs_pc_${target}_STATIC_CFLAGS_OTHER})
  foreach(lib IN LISTS cs_pc_${target}_STATIC_LIBRARIES)
    if(lib MATCHES "^(z|rt|dl|pthread|crypto|ssl)$")
      target_link_libraries(${target} INTERFACE ${lib})
    else()
      find_library(cs_archive_${lib} NAMES lib${lib}.a REQUIRED)
      target_link_libraries(${target} INTERFACE ${cs_archive_${lib}})
    endif()
  endforeach()
  target_link_libraries(${target} INTERFACE ${ARGN} Threads::Threads)
endfunction()
