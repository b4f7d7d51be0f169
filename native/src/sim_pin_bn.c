/* SIMULATOR-ONLY bignum: Montgomery modular exponentiation on 32-bit limbs, just enough for the
 * simulated EPP's RSA (fixed 2048-bit moduli, which are odd). Not constant time and not hardened:
 * it signs with test keys inside a test simulator, never anything of value. */
#include <string.h>
#include "sim.h"
#include "sim_pin_rsa.h"

#define L (SIM_PIN_RSA_BITS / 32)

static void from_bytes(uint32_t *a, const uint8_t *b, size_t len) {
  memset(a, 0, L * sizeof *a);
  for (size_t i = 0; i < len && i < L * 4; i++) a[i / 4] |= (uint32_t)b[len - 1 - i] << (8 * (i % 4));
}

static void to_bytes(uint8_t *b, const uint32_t *a) {
  for (size_t i = 0; i < L * 4; i++) b[L * 4 - 1 - i] = (uint8_t)(a[i / 4] >> (8 * (i % 4)));
}

static int geq(const uint32_t *a, uint32_t top, const uint32_t *n) {  /* (top:a) >= n */
  if (top) return 1;
  for (int i = L - 1; i >= 0; i--) if (a[i] != n[i]) return a[i] > n[i];
  return 1;
}

static void sub(uint32_t *a, const uint32_t *n) {
  uint64_t borrow = 0;
  for (int i = 0; i < L; i++) {
    uint64_t d = (uint64_t)a[i] - n[i] - borrow;
    a[i] = (uint32_t)d;
    borrow = (d >> 63) & 1;
  }
}

/* r = a * b * 2^(-32L) mod n (CIOS Montgomery multiplication); ninv = -n^-1 mod 2^32 */
static void mont(uint32_t *r, const uint32_t *a, const uint32_t *b, const uint32_t *n, uint32_t ninv) {
  uint32_t t[L + 2];
  memset(t, 0, sizeof t);
  for (int i = 0; i < L; i++) {
    uint64_t c = 0;
    for (int j = 0; j < L; j++) {
      c = (uint64_t)t[j] + (uint64_t)a[j] * b[i] + (c >> 32);
      t[j] = (uint32_t)c;
    }
    c = (uint64_t)t[L] + (c >> 32);
    t[L] = (uint32_t)c;
    t[L + 1] = (uint32_t)(c >> 32);
    uint32_t m = t[0] * ninv;
    c = (uint64_t)t[0] + (uint64_t)m * n[0];
    for (int j = 1; j < L; j++) {
      c = (uint64_t)t[j] + (uint64_t)m * n[j] + (c >> 32);
      t[j - 1] = (uint32_t)c;
    }
    c = (uint64_t)t[L] + (c >> 32);
    t[L - 1] = (uint32_t)c;
    t[L] = t[L + 1] + (uint32_t)(c >> 32);
  }
  if (geq(t, t[L], n)) sub(t, n);
  memcpy(r, t, L * sizeof *r);
}

void sim_bn_modexp(const uint8_t *base, const uint8_t *exp, size_t elen, const uint8_t *nb, uint8_t *out) {
  uint32_t n[L], x[L], acc[L], r2[L], one[L];
  from_bytes(n, nb, SIM_PIN_RSA_BYTES);
  from_bytes(x, base, SIM_PIN_RSA_BYTES);
  uint32_t inv = 1;                        /* Newton: inv = n0^-1 mod 2^32 */
  for (int i = 0; i < 5; i++) inv *= 2 - n[0] * inv;
  uint32_t ninv = (uint32_t)0 - inv;
  /* R^2 mod n by doubling 1 (64L times), reducing each step: slow but simple */
  memset(r2, 0, sizeof r2);
  r2[0] = 1;
  for (int k = 0; k < 64 * L; k++) {
    uint32_t carry = 0;
    for (int i = 0; i < L; i++) { uint32_t v = r2[i]; r2[i] = (v << 1) | carry; carry = v >> 31; }
    if (geq(r2, carry, n)) sub(r2, n);
  }
  if (geq(x, 0, n)) sub(x, n);
  memset(one, 0, sizeof one);
  one[0] = 1;
  mont(x, x, r2, n, ninv);                 /* x in Montgomery form */
  mont(acc, one, r2, n, ninv);             /* 1 in Montgomery form */
  for (size_t i = 0; i < elen; i++) {
    for (int bit = 7; bit >= 0; bit--) {
      mont(acc, acc, acc, n, ninv);
      if ((exp[i] >> bit) & 1) mont(acc, acc, x, n, ninv);
    }
  }
  mont(acc, acc, one, n, ninv);
  to_bytes(out, acc);
}

/* Test hook: the modular exponentiation alone, so that tests can check it against published RSA
 * vectors (keys the simulator does not hold). Operands are big-endian, SIM_PIN_RSA_BYTES long. */
SIM_EXPORT void SimPinRsaModexp(const uint8_t *base, const uint8_t *exp, uint32_t elen, const uint8_t *n, uint8_t *out) {
  sim_bn_modexp(base, exp, elen, n, out);
}
