/* The simulated EPP's certificate commands (sim_pin_cert.c): the three-party (certificate) scheme of
 * remote key loading. Struct layouts as the CEN headers give them (3.10+; the _EX forms 3.30). */
#ifndef XFS4IOT_SIMULATOR_PIN_CERT_H
#define XFS4IOT_SIMULATOR_PIN_CERT_H

#include <stdint.h>
#include "sim_pin.h"

#pragma pack(push, 1)
typedef struct { pin_xdata_t *lpxLoadCertificate; } pin_load_certificate_t;
typedef struct { pin_xdata_t *lpxCertificateData; } pin_load_certificate_output_t;
typedef struct { pin_xdata_t *lpxReplaceCertificate; } pin_replace_certificate_t;
typedef struct { pin_xdata_t *lpxNewCertificateData; } pin_replace_certificate_output_t;
typedef struct { uint32_t dwLoadOption; uint32_t dwSigner; pin_xdata_t *lpxCertificateData; } pin_load_certificate_ex_t;
typedef struct { uint32_t dwRSAKeyCheckMode; pin_xdata_t *lpxRSAData; } pin_load_certificate_ex_output_t;
typedef struct { uint32_t dwCommandID; void *lpvInputData; } pin_start_authenticate_t;
typedef struct { int32_t hInternalCmdResult; pin_xdata_t *lpxDataToSign; uint32_t dwSigners; } pin_start_authenticate_out_t;
#pragma pack(pop)

enum { PIN_CMD_LOAD_CERTIFICATE = 431, PIN_CMD_REPLACE_CERTIFICATE = 433, PIN_CMD_LOAD_CERTIFICATE_EX = 448,
       PIN_CMD_START_AUTHENTICATE = 451 };

/* 0, or R_UNSUPP_COMMAND for a command that is not one of these */
int sim_pin_parse_cert(uint16_t v, uint32_t cmd, const void *data, sim_input_t *in);
int32_t sim_pin_execute_cert(sim_service_t *svc, sim_request_t *req, wfs_result_t *r);
/* WFSPINSTATUS.dwCertificateState of this EPP: WFS_PIN_CERT_PRIMARY, or SECONDARY once its CA was replaced */
uint32_t sim_pin_certificate_state(sim_service_t *svc);

#endif
