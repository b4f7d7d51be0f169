/* Second-priority commands of the simulated CIM (filled in after the transaction works). */
#include "sim_cim.h"

int sim_cim_parse_more(uint16_t v, uint32_t cmd, const void *data, sim_input_t *in) {
  (void)v; (void)cmd; (void)data; (void)in;
  return R_UNSUPP_COMMAND;
}

int32_t sim_cim_run_more(sim_service_t *svc, sim_request_t *req, wfs_result_t *r) {
  (void)svc; (void)req; (void)r;
  return R_UNSUPP_COMMAND;
}

int32_t sim_cim_info_more(sim_service_t *svc, sim_request_t *req, wfs_result_t *r) {
  (void)svc; (void)req; (void)r;
  return R_UNSUPP_CATEGORY;
}
