/* SIMULATOR-ONLY RSA of the simulated EPP: a fixed key table (sim_pin_rsa_keys.c), a small bignum
 * for the modular exponentiation (sim_pin_bn.c) and PKCS#1 v1.5 signatures with SHA-256. Hand-written
 * because the same sources cross-compile for Windows (mingw), where no OpenSSL is at hand. */
#ifndef XFS4IOT_SIMULATOR_PIN_RSA_H
#define XFS4IOT_SIMULATOR_PIN_RSA_H

#include <stddef.h>
#include <stdint.h>

#define SIM_PIN_RSA_BITS 2048
#define SIM_PIN_RSA_BYTES (SIM_PIN_RSA_BITS / 8)
#define SIM_PIN_RSA_E 65537u
#define SIM_PIN_RSA_PAIRS 4
#define SIM_PIN_RSA_ISSUER 3   /* the issuer's pair; generation hands out pairs 1 and 2 */
/* the key pair the EPP signs its exports with unless told another (table pair 0) */
#define SIM_PIN_RSA_EPP_SIGKEY "EPPSigKey"

typedef struct { const char *n[8]; const char *d[8]; } sim_pin_rsa_pair_t;  /* hex, 64 digits a line */
extern const sim_pin_rsa_pair_t sim_pin_rsa_table[SIM_PIN_RSA_PAIRS];

/* out = base^exp mod n, all big-endian byte strings of SIM_PIN_RSA_BYTES (exp may be shorter: elen). */
void sim_bn_modexp(const uint8_t *base, const uint8_t *exp, size_t elen, const uint8_t *n, uint8_t *out);
/* big-endian bytes of table pair i: modulus and private exponent */
void sim_pin_rsa_pair(int i, uint8_t n[SIM_PIN_RSA_BYTES], uint8_t d[SIM_PIN_RSA_BYTES]);
/* EMSA-PKCS1-v1_5 encoding of msg's SHA-256 (RFC 8017 9.2): what is signed, and what a verification expects */
void sim_pin_emsa_sha256(const uint8_t *msg, size_t len, uint8_t em[SIM_PIN_RSA_BYTES]);
/* RSASSA-PKCS1-v1_5 with SHA-256 (RFC 8017 8.2.1) under table pair i */
void sim_pin_rsa_sign(int i, const uint8_t *msg, size_t len, uint8_t sig[SIM_PIN_RSA_BYTES]);
/* DER RSAPublicKey (PKCS#1: SEQUENCE { modulus INTEGER, publicExponent INTEGER }) of pair i; its length */
size_t sim_pin_rsa_public_der(int i, uint8_t *out, size_t cap);

/* PKCS#7 (DER) holding the X.509 certificate of the EPP's verification key (sim_pin_rsa_cert.c) */
extern const uint8_t sim_pin_epp_certificate[];
extern const size_t sim_pin_epp_certificate_len;

#endif
