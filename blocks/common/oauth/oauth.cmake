# OAuth2 (included by blocks/common/CMakeLists.txt): the provider table, compiled in like data/providers.json,
# and the sign-in, store and refresh sources, part of mb_common (the blocks and `rpa oauth` both use them).
set(MAILBLOCK_OAUTH_PROVIDERS_JSON ${CMAKE_SOURCE_DIR}/data/oauth_providers.json)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${MAILBLOCK_OAUTH_PROVIDERS_JSON})
file(READ ${MAILBLOCK_OAUTH_PROVIDERS_JSON} oauth_providers_json)
file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/oauth_providers_data.cpp
  "// Generated from data/oauth_providers.json by blocks/common/oauth/oauth.cmake.\n"
  "namespace mailblock::common::oauth {\n"
  "extern const char* const kOAuthProvidersJson;\n"
  "const char* const kOAuthProvidersJson = R\"mbjson(${oauth_providers_json})mbjson\";\n"
  "}  // namespace mailblock::common::oauth\n")

target_sources(mb_common PRIVATE
  oauth/block_token.cpp
  oauth/credential_store.cpp
  oauth/http_client.cpp
  oauth/loopback_listener.cpp
  oauth/pkce.cpp
  oauth/providers.cpp
  oauth/sign_in.cpp
  oauth/store_format.cpp
  oauth/token_client.cpp
  oauth/token_source.cpp
  ${CMAKE_CURRENT_BINARY_DIR}/oauth_providers_data.cpp)
