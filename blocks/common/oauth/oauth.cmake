# OAuth2 (included by blocks/common/CMakeLists.txt): the provider table, compiled in like data/providers.json,
# and the sign-in, store and refresh sources, part of mb_common (the blocks and `rpa oauth` both use them).
mailblock_embed_json(${CMAKE_SOURCE_DIR}/data/oauth_providers.json mailblock::common::oauth kOAuthProvidersJson
  ${CMAKE_CURRENT_BINARY_DIR}/oauth_providers_data.cpp)

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
