# libgit2 and RE2, with the libraries only libgit2 uses (SSH, mbed TLS, PCRE2, HTTP parsing), are linked
# from their static archives. Loaded as shared objects they cost every run ~2-3 ms of start-up (symbol
# binding and relocation in 10 more objects), more than a short CLI command's own work, and extraction
# pays it on each call. Kerberos (libgit2's Negotiate auth) ships no archive.
#
# libcrypto and zlib (cs_crypto) come from their archives too (~1.2 ms), except in a program whose
# property CS_LOADS_LIBSSL is set: there cpp-httplib loads libssl, which needs the shared libcrypto, and
# one process must not hold two copies of it.
add_library(cs_crypto INTERFACE)
find_library(cs_archive_crypto NAMES libcrypto.a REQUIRED)
find_library(cs_archive_z NAMES libz.a REQUIRED)
target_link_libraries(cs_crypto INTERFACE
  "$<IF:$<BOOL:$<TARGET_PROPERTY:CS_LOADS_LIBSSL>>,OpenSSL::Crypto;z,${cs_archive_crypto};${cs_archive_z}>"
  ${CMAKE_DL_LIBS} Threads::Threads)
#
# cs_static_package(<target> <pkg-config module> [extra shared libraries...]) defines the INTERFACE
# target <target> with the module's include directories and its --static link line, each library
# taken from its .a (libcrypto and zlib: cs_crypto).
function(cs_static_package target module)
  pkg_check_modules(cs_pc_${target} REQUIRED ${module})
  add_library(${target} INTERFACE)
  target_include_directories(${target} SYSTEM INTERFACE ${cs_pc_${target}_STATIC_INCLUDE_DIRS})
  target_compile_options(${target} INTERFACE ${cs_pc_${target}_STATIC_CFLAGS_OTHER})
  foreach(lib IN LISTS cs_pc_${target}_STATIC_LIBRARIES)
    if(lib MATCHES "^(z|crypto)$")
      target_link_libraries(${target} INTERFACE cs_crypto)
    elseif(lib MATCHES "^(rt|dl|pthread)$")
      target_link_libraries(${target} INTERFACE ${lib})
    else()
      find_library(cs_archive_${lib} NAMES lib${lib}.a REQUIRED)
      target_link_libraries(${target} INTERFACE ${cs_archive_${lib}})
    endif()
  endforeach()
  target_link_libraries(${target} INTERFACE ${ARGN} Threads::Threads)
endfunction()
