/*
 * crypto_dl.h - libcrypto's SHA-256, loaded when publishing first hashes.
 *
 * Loading libcrypto runs its constructors, about 2.5 ms on every run of
 * crier, yet only publishing needs it, for SHA-256.  So it is not linked
 * (see lazy.h): the functions below are looked up the first time
 * crier_lazy_load() is called.  Including this header instead of
 * <openssl/evp.h> makes their usual names call through that table.
 */
#ifndef CRIER_CRYPTO_DL_H
#define CRIER_CRYPTO_DL_H

#include <openssl/evp.h>

#include "lazy.h"

#define CRIER_CRYPTO_FUNCTIONS(F) \
	F(EVP_MD_CTX_new) F(EVP_MD_CTX_free) F(EVP_sha256) \
	F(EVP_DigestInit_ex) F(EVP_DigestUpdate) F(EVP_DigestFinal_ex)

struct crier_crypto_api {
	CRIER_CRYPTO_FUNCTIONS(CRIER_LAZY_FIELD)
};

extern struct crier_crypto_api crier_crypto;

/* Its loading: crier_lazy_load(&crier_crypto_lib) returns 0 or -1. */
extern struct crier_lazy_lib crier_crypto_lib;

#define EVP_MD_CTX_new crier_crypto.EVP_MD_CTX_new
#define EVP_MD_CTX_free crier_crypto.EVP_MD_CTX_free
#define EVP_sha256 crier_crypto.EVP_sha256
#define EVP_DigestInit_ex crier_crypto.EVP_DigestInit_ex
#define EVP_DigestUpdate crier_crypto.EVP_DigestUpdate
#define EVP_DigestFinal_ex crier_crypto.EVP_DigestFinal_ex

#endif /* CRIER_CRYPTO_DL_H */
