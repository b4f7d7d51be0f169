/* SIMULATOR-ONLY: the simulated EPP's RSA key pairs (2048-bit, public exponent 65537), as hex:
 * modulus, then private exponent. A real EPP generates its key pairs inside its secure boundary
 * and never lets the private half out; the simulator has no prime generation, so
 * WFS_CMD_PIN_GENERATE_RSA_KEY_PAIR hands out the next pair of this fixed table instead. Pair 0 is
 * the EPP's own signing key, installed at manufacture (SIM_PIN_RSA_EPP_SIGKEY); pair 3 the issuer's. Generated for this
 * project with `openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048` (not taken from anywhere):
 * test keys with no value outside the simulator. */
#include "sim_pin_rsa.h"

const sim_pin_rsa_pair_t sim_pin_rsa_table[SIM_PIN_RSA_PAIRS] = {
  { /* 0 */
    {
      "b3abf83685171a7cfe0bce011743d4958df5d8df2eb3d9ba01d76e7979fed0e8",
      "443c0e9e54a4977615cd2a80c1e54b72857c45c8dd3fa3f4755bed028a999de7",
      "550bf4f59a5eb0cbcf768487a5a0602b4ff550d589cc3822ad19fc5dc0e44db9",
      "fd5cbc05e36c4a060e9dfc494ad985a28047357696387bd8832e562aa3cf05cf",
      "47ea81d1e64022efce49ddfd3fd8388f53e774effc4e54a02b81542f3a1b808e",
      "7176e6cecd7490580bdc9f699cd856d0e1a5c305a9cf3cfb3353ac18e4522112",
      "f358f5a48c35a60defaf1b514aeb97732b4dd21c4818f58ecabae9683aad88d6",
      "12379bb06ef08a5d4738bb7d24834e7cc4488b62402df9de80a038675f5a6851",
    },
    {
      "129dca71a7b79d9c7edc2d43aaabf20e6eef9ec17d3ed05bf80de0da005c793b",
      "dfba134faf788063115e393daf1979884bb1752f9b5119455e95a048a7a0c41e",
      "308f3519ef9d49174d0f3c2b2beba29b4a45225385dc1da2e629af9eed3a1a9d",
      "9f5568fbf93502b47ef63aaa4371a7698f7e115990b6188af608aa8fef7a2761",
      "46be28a1b468784dc238781c5bc651f855ff4a5cb7a46c9e14b7ed21989b1282",
      "4b1ae45bbcf1b65a02067e4891612ea7ab0fafbcafaa4e034412adc75749a785",
      "3a202b7737e62df660ba3748ffc975830923e74ace5e920d6699a9dfe63fdfec",
      "b07ffa62e7611ee199beff110ef504324f51861891e1d5fddbddd4c328842c8b",
    } },
  { /* 1 */
    {
      "b58041313d11aa0192716f6242dab6e83733f90f2c08035baa075530ad6cb696",
      "fdcffb7edd77edc279512fc301d83530251f6cf7a1d9ff407ec40daf5d8768f5",
      "82b550c1e3f2eefb78a2d91981a50e909e260d03c7993f4829328841df4742fd",
      "0833c236f33c519f7c1b40d849e151790e2aa824b3a6a138d692e91bac25140a",
      "831b0e399917ebc4640b0caa2de6cf9b4bd58b8767d04655f6817b52c544ad60",
      "bae3482d52d157e637ea531b51cebeca9f47e0510329b4479350a8dc4c93c5ab",
      "f8cc3e8c751f3ef9031a2936de24556f9f7035ea0ec752a94e8c0aaa2a3d0c84",
      "6a17430e032e791f79b5b1e1ea92a7bcb2d125f139005db7382a24f36a353b7f",
    },
    {
      "02643dcd00bcffbc7a02d9146f45152db05e4d9dd6e55b3edc2f22c602c2ff11",
      "5f27b1891ca2d93f9f352b19b8eeb8d6791fa3fe9a00415c551664b26fbed6ce",
      "539696424601c5070c23e3db1c67fe26ea921dc8e5a1bc334970925a2bda1ddd",
      "a174b44035ffd7b1b72dd132b3112f3688b1b2c10c9b2ed037955ffc12402c9a",
      "12dfbfa47523af1181ced864ce78c44789681b5fa6be1d34bbc434c19490b7c4",
      "6db1259e1b07d37116ed38ed7e98cd7d0a5cf6f0f9748a9db6bccd900e349412",
      "86631a2fe85d04cd0470798b12e340ec826b885526d9f344a4896f5c198a9853",
      "e99b049497c291efe9bb4684f10d0ead4ce1e18417f2e88eb00c8908d2ffff01",
    } },
  { /* 2 */
    {
      "e7030cc90cc6dc477bbc601273328c07a6ad99bab296092c1f73ddd8e58eb690",
      "2b5728be4b149fde3789f41931f5eb34ce50c2ecbc97e512067bc6365b90b41e",
      "e71825c8f0caf567331f04b4886820890731909a4b8736c2be222a434c5a55cd",
      "8de3e0174a0e776fe0a52ed546cff441d229ed911b0fc72c4edacba53beb6e63",
      "0578c12db8bce6d851c5b58ef503899b28348e35e430d34ca0189a25669a28df",
      "3d09f13117bff345f821b1183d7a580eb54475215873d2f715feb0ffe59f8133",
      "692fd8db48ddf3796aef6c5455049dea851c58562d7036cc356156336d3c3fce",
      "1d8c94d420daa4f4107ddfff14b9130b49048a577971fae3ebe424e1f39ac00b",
    },
    {
      "527296379325ce2c7d0ee842ed7656dfcc2f1d34b2d43585d7dbe48baab25a99",
      "edbdf7bea2d143956dc100ab95572d90f52981c8382f06047ee7e2003881d6a7",
      "48d7277525eb69d6613a6ad57bf19ddb0a043895b8eb133241e5b3abbd2e687d",
      "2a6cefe79ff8b5cbea234a29b85233dce20330d49f11ec85f5c6c4f3be04f2aa",
      "1b02ad5042fde748e1c4c2449003c66edc1e4b4a0c1bab4220a52a1edd94e53a",
      "344c63248eeecb4fbf1193faa32cfdc960f271d83d1b56f29c04f7b4bc6303d1",
      "50112d7cfa4180fae681868405b44659312d55000a6410d70204147a3c37a136",
      "a230762b73f5f58a2a3bcacc9ca2c23d84090367326de3c63f4adcef587a7621",
    } },
  { /* 3: the issuer's (the EPP manufacturer's) key: a real EPP holds only the signatures the issuer
     * made at manufacture; the simulator makes them when asked (EXPORT_RSA_ISSUER_SIGNED_ITEM) */
    {
      "a5cd8a30804aaee11da06593aca26f2681e4bfb56d2ef27813cf4e42e6258391",
      "0cb7c6617118575fee08b3d8c38eb6a7cd8817e4220d8568a2ec3ac1104af71e",
      "ac3c602b2e5e1e2f7ab9f711fbae8ab606d3f061745fe72602e429aa632efea3",
      "9c4e49cbc560dc589a9d69e40aa99213641dd139e98afc80e0f87f327c572764",
      "b73097c9829f9e2e0668649cb4dea533354573bac6c01c35c11e06064483ef26",
      "9506d463baeb723996cb4c534fd07c5a8d97df397083adb41c8dc84990bc7a1e",
      "905bb8f4ae8657b4c42ac0f8a95e5b8f408ef1590018ba673b94e082bbf5abe9",
      "f81c9614549c0b79146f739486b1b33c5b9f73b947cc0c862b5e2275bad6b3fb",
    },
    {
      "2762691a7747063e7c2a9f2652822d33f0f3f4e3f4410c20a0d804079922bd1b",
      "65f17b82a6fa38bb155064e42f23c5d89b566212735251e7d69795a749a6fd07",
      "80b340c6d117534544fa4aa9af66b9155f0ed6115832f5b5ce47036cb16db6d8",
      "076783590f9420133dfaf96dcd689545dce8c64be2e17c7462bc347eba117bce",
      "2b2b1437cf3f59de72306acf06e467fbd0546a52da8bcabda02b6c935bdb3fb1",
      "c175d95c25b061363939860e3585e2bdb699cec21c29c26a86abc1d6b612fff8",
      "b3b308ff53c91ca0d58da496a9dcdfa00e18e4059892a51892296cc3befd2d0f",
      "6609b2e520b7e34dd1b46185ba85376e517c9fc77a452aa18229b2d972e2da31",
    } },
};
