/* Simulated SIU: an operator switch, tamper, proximity and ambient light sensors, an operator call
 * button, cabinet and safe doors with
 * bolts, a vandal shield, the open/closed, fascia light and heating indicators, volume, UPS and
 * audible alarm auxiliaries, and four guidance lights (card unit, PIN pad, notes dispenser, receipt
 * printer) that flash slow/medium/quick or stay on. PORT_STATUS service events are sent only for
 * the ports enabled with WFS_CMD_SIU_ENABLE_EVENTS. All with g_lock held. */
#include <string.h>
#include "sim.h"

enum { CMD_ENABLE_EVENTS = 801, CMD_SET_PORTS, CMD_SET_DOOR, CMD_SET_INDICATOR, CMD_SET_AUXILIARY,
       CMD_SET_GUIDLIGHT, CMD_RESET };
enum { INF_STATUS = 801, INF_CAPABILITIES, INF_GET_AUTOSTARTUP_TIME };
enum { CMD_POWER_SAVE_CONTROL = 808, CMD_SET_AUTOSTARTUP_TIME = 809 };
enum { EV_POWER_SAVE_CHANGE = 803 };
enum { AS_CLEAR = 1, AS_SPECIFIC = 2, AS_DAILY = 4, AS_WEEKLY = 8 };
enum { EV_PORT_STATUS = 801 };
enum { E_INVALID_PORT = -801, E_SYNTAX = -802, E_PORT_ERROR = -803, E_POWERSAVETOOSHORT = -804 };
enum { T_SENSORS = 1, T_DOORS = 2, T_INDICATORS = 4, T_AUXILIARIES = 8, T_GUIDLIGHTS = 16 };
/* port indices */
enum { S_OPERATORSWITCH = 0, S_TAMPER = 1, S_INTTAMPER = 2, S_PROXIMITY = 5, S_AMBLIGHT = 6, S_OPERATOR_CALL_BUTTON = 10 };
enum { D_CABINET = 0, D_SAFE = 1, D_VANDALSHIELD = 2 };
enum { I_OPENCLOSE = 0, I_FASCIALIGHT = 1, I_HEATING = 3 };
enum { A_VOLUME = 0, A_UPS = 1, A_AUDIBLE_ALARM = 3 };
enum { G_CARDUNIT = 0, G_PINPAD = 1, G_NOTESDISPENSER = 2, G_RECEIPTPRINTER = 4 };
/* values */
enum { V_AVAILABLE = 1, V_RUN = 1, V_MAINTENANCE = 2, V_SUPERVISOR = 4, V_PRESENT = 1, V_NOT_PRESENT = 2 };
enum { V_CLOSED = 1, V_OPEN = 2, V_LOCKED = 4, V_BOLTED = 8, V_SERVICE = 0x10, V_KEYBOARD = 0x20 };
enum { V_OFF = 1, V_ON = 2, V_SLOW = 4, V_MEDIUM = 8, V_QUICK = 0x10, V_CONTINUOUS = 0x80 };
enum { V_BOLT = 1, V_UNBOLT = 2, V_ENGAGE = 1, V_DISENGAGE = 2, V_UPS_ENGAGED = 4 };
enum { EN_NO_CHANGE = 0, EN_ENABLE = 1, EN_DISABLE = 2 };

#define V320(v) (sim_vnum(v) >= 320)
#define V330(v) (sim_vnum(v) >= 330)
#define FLASHES (V_OFF | V_SLOW | V_MEDIUM | V_QUICK | V_CONTINUOUS)

static sim_siu_state_t *st(sim_service_t *s) { return &s->dev.siu; }

/* What each port can do (WFSSIUCAPS); the same for every simulated SIU. */
static void caps_of(uint16_t *sensors, uint16_t *doors, uint16_t *ind, uint16_t *aux, uint16_t *guid) {
  sensors[S_OPERATORSWITCH] = V_RUN | V_MAINTENANCE | V_SUPERVISOR;
  sensors[S_TAMPER] = V_AVAILABLE; sensors[S_INTTAMPER] = V_AVAILABLE; sensors[S_PROXIMITY] = V_AVAILABLE;
  sensors[S_AMBLIGHT] = 0x1f; /* very dark .. very light */
  sensors[S_OPERATOR_CALL_BUTTON] = V_AVAILABLE;
  doors[D_CABINET] = V_CLOSED | V_OPEN | V_LOCKED | V_BOLTED;
  doors[D_SAFE] = V_CLOSED | V_OPEN | V_LOCKED | V_BOLTED;
  doors[D_VANDALSHIELD] = V_CLOSED | V_OPEN | V_SERVICE | V_KEYBOARD;
  ind[I_OPENCLOSE] = V_CLOSED | V_OPEN; ind[I_FASCIALIGHT] = V_OFF | V_ON; ind[I_HEATING] = V_OFF | V_ON;
  aux[A_VOLUME] = 1000; aux[A_UPS] = V_AVAILABLE | 0x2 | V_UPS_ENGAGED | 0x8 | 0x10; aux[A_AUDIBLE_ALARM] = V_AVAILABLE;
  guid[G_CARDUNIT] = FLASHES; guid[G_PINPAD] = FLASHES; guid[G_NOTESDISPENSER] = FLASHES; guid[G_RECEIPTPRINTER] = FLASHES;
}

typedef struct { uint16_t sensors[SIU_NSENSORS], doors[SIU_NPORTS], ind[SIU_NPORTS], aux[SIU_NPORTS], guid[SIU_NPORTS]; } siu_caps_t;
static siu_caps_t caps(void) {
  siu_caps_t c;
  memset(&c, 0, sizeof c);
  caps_of(c.sensors, c.doors, c.ind, c.aux, c.guid);
  return c;
}

static void init(sim_service_t *svc) {
  sim_siu_state_t *d = st(svc);
  memset(d, 0, sizeof *d);
  d->sensors[S_OPERATORSWITCH] = V_RUN; d->sensors[S_TAMPER] = V_OFF; d->sensors[S_INTTAMPER] = V_OFF;
  d->sensors[S_PROXIMITY] = V_NOT_PRESENT; d->sensors[S_AMBLIGHT] = 0x04; d->sensors[S_OPERATOR_CALL_BUTTON] = V_OFF;
  d->doors[D_CABINET] = V_CLOSED; d->doors[D_SAFE] = V_BOLTED; d->doors[D_VANDALSHIELD] = V_CLOSED;
  d->indicators[I_OPENCLOSE] = V_CLOSED; d->indicators[I_FASCIALIGHT] = V_OFF; d->indicators[I_HEATING] = V_OFF;
  d->aux[A_VOLUME] = 500; d->aux[A_UPS] = V_AVAILABLE; d->aux[A_AUDIBLE_ALARM] = V_OFF;
  d->autostart_mode = AS_CLEAR;
  d->guid[G_CARDUNIT] = V_OFF; d->guid[G_PINPAD] = V_OFF; d->guid[G_NOTESDISPENSER] = V_OFF; d->guid[G_RECEIPTPRINTER] = V_OFF;
}


/* ---- input ---- */
static int parse_exec(uint16_t v, uint32_t cmd, const void *data, sim_input_t *in) {
  switch (cmd) {
  case CMD_ENABLE_EVENTS: {
    if (!data) return R_INVALID_POINTER;
    /* the five arrays are contiguous WORDs at the start of WFSSIUENABLE */
    uint32_t n = (uint32_t)(SIU_NSENSORS + 4 * SIU_NPORTS) * 2;
    memcpy(in->bytes, data, n);
    in->nbytes = n;
    return 0;
  }
  case CMD_SET_DOOR: case CMD_SET_INDICATOR: case CMD_SET_AUXILIARY: case CMD_SET_GUIDLIGHT: {
    if (!data) return R_INVALID_POINTER;
    const siu_set_port_t *p = data;
    in->w[0] = p->wPort; in->w[1] = p->fwCommand;
    return 0;
  }
  case CMD_RESET: return 0;
  case CMD_POWER_SAVE_CONTROL:
    if (!V320(v)) return R_UNSUPP_COMMAND;
    if (!data) return R_INVALID_POINTER;
    in->w[0] = ((const siu_power_save_t *)data)->usPowerSaveTime;
    return 0;
  case CMD_SET_AUTOSTARTUP_TIME: {
    if (!V320(v)) return R_UNSUPP_COMMAND;
    if (!data) return R_INVALID_POINTER;
    const siu_startup_time_t *p = data;
    in->w[0] = p->wMode;
    if (p->lpStartTime) {
      const sim_systemtime_t *t = p->lpStartTime;
      in->w[1] = 1; in->w[2] = t->wYear; in->w[3] = t->wMonth; in->w[4] = t->wDayOfWeek; in->w[5] = t->wDay;
      in->w[6] = t->wHour; in->w[7] = t->wMinute;
    }
    return 0;
  }
  default: return R_UNSUPP_COMMAND;
  }
}

static int parse_info(uint16_t v, uint32_t cat, const void *data, sim_input_t *in) {
  (void)data; (void)in;
  if (cat == INF_GET_AUTOSTARTUP_TIME) return V320(v) ? 0 : R_UNSUPP_CATEGORY;
  return cat == INF_STATUS || cat == INF_CAPABILITIES ? 0 : R_UNSUPP_CATEGORY;
}

/* ---- events ---- */
typedef struct { uint16_t type, index, status; } port_change_t;

static void fill_port(wfs_result_t *r, uint16_t v, const void *ctx) {
  (void)v;
  const port_change_t *c = ctx;
  siu_port_event_t *e = sim_alloc_more(r, sizeof *e);
  e->wPortType = c->type; e->wPortIndex = c->index; e->wPortStatus = c->status;
  e->lpszExtra = sim_extra_more(r, NULL);
  r->lpBuffer = e;
}

static void fill_power_save(wfs_result_t *r, uint16_t v, const void *ctx) {
  (void)v;
  siu_power_save_t *e = sim_alloc_more(r, sizeof *e);
  e->usPowerSaveTime = *(const uint16_t *)ctx;
  r->lpBuffer = e;
}

static uint16_t *port_slot(sim_siu_state_t *d, int type, int index, uint8_t **enabled) {
  int max = type == T_SENSORS ? SIU_NSENSORS : SIU_NPORTS;
  if (index < 0 || index >= max) return NULL;
  switch (type) {
  case T_SENSORS: *enabled = &d->en_sensors[index]; return &d->sensors[index];
  case T_DOORS: *enabled = &d->en_doors[index]; return &d->doors[index];
  case T_INDICATORS: *enabled = &d->en_indicators[index]; return &d->indicators[index];
  case T_AUXILIARIES: *enabled = &d->en_aux[index]; return &d->aux[index];
  case T_GUIDLIGHTS: *enabled = &d->en_guid[index]; return &d->guid[index];
  default: return NULL;
  }
}

/* Sets a port; a change is reported as PORT_STATUS when that port's events are enabled. */
int sim_siu_set_port(sim_service_t *svc, int type, int index, uint16_t value) {
  uint8_t *enabled = NULL;
  uint16_t *slot = port_slot(st(svc), type, index, &enabled);
  if (!slot) return -1;
  if (*slot == value) return 0;
  *slot = value;
  if (*enabled) {
    port_change_t c = { (uint16_t)type, (uint16_t)index, value };
    sim_event(svc, EVC_SERVICE, NULL, EV_PORT_STATUS, fill_port, &c);
  }
  return 0;
}

int sim_siu_get_port(sim_service_t *svc, int type, int index) {
  uint8_t *enabled = NULL;
  uint16_t *slot = port_slot(st(svc), type, index, &enabled);
  return slot ? *slot : -1;
}

/* ---- commands ---- */
static int32_t enable_events(sim_service_t *svc, sim_request_t *req) {
  sim_siu_state_t *d = st(svc);
  siu_caps_t c = caps();
  const uint16_t *w = (const uint16_t *)req->in.bytes;
  int ns = SIU_NSENSORS;
  struct { const uint16_t *want; const uint16_t *cap; uint8_t *en; int n; } groups[] = {
    { w, c.sensors, d->en_sensors, ns },
    { w + ns, c.doors, d->en_doors, SIU_NPORTS },
    { w + ns + SIU_NPORTS, c.ind, d->en_indicators, SIU_NPORTS },
    { w + ns + 2 * SIU_NPORTS, c.aux, d->en_aux, SIU_NPORTS },
    { w + ns + 3 * SIU_NPORTS, c.guid, d->en_guid, SIU_NPORTS },
  };
  for (int g = 0; g < 5; g++)   /* checked first: a refused request changes nothing */
    for (int i = 0; i < groups[g].n; i++) {
      uint16_t x;
      memcpy(&x, groups[g].want + i, 2);
      if (x > EN_DISABLE) return E_SYNTAX;
      if (x == EN_ENABLE && !groups[g].cap[i]) return E_INVALID_PORT;
    }
  for (int g = 0; g < 5; g++)
    for (int i = 0; i < groups[g].n; i++) {
      uint16_t x;
      memcpy(&x, groups[g].want + i, 2);
      if (x != EN_NO_CHANGE) groups[g].en[i] = x == EN_ENABLE;
    }
  return 0;
}

static int32_t set_door(sim_service_t *svc, uint32_t door, uint32_t cmd) {
  sim_siu_state_t *d = st(svc);
  siu_caps_t c = caps();
  if (door >= SIU_NPORTS || !c.doors[door]) return E_INVALID_PORT;
  if (door == D_VANDALSHIELD) {
    if (cmd != V_CLOSED && cmd != V_OPEN && cmd != V_SERVICE && cmd != V_KEYBOARD) return E_SYNTAX;
    return sim_siu_set_port(svc, T_DOORS, (int)door, (uint16_t)cmd), 0;
  }
  if (cmd != V_BOLT && cmd != V_UNBOLT) return E_SYNTAX;
  if (d->doors[door] == V_OPEN) return E_PORT_ERROR;  /* an open door cannot be bolted or unbolted */
  sim_siu_set_port(svc, T_DOORS, (int)door, cmd == V_BOLT ? V_BOLTED : V_CLOSED);
  return 0;
}

static int32_t set_indicator(sim_service_t *svc, uint32_t ind, uint32_t cmd) {
  siu_caps_t c = caps();
  if (ind >= SIU_NPORTS || !c.ind[ind]) return E_INVALID_PORT;
  if ((cmd & c.ind[ind]) != cmd || !cmd || (cmd & (cmd - 1))) return E_SYNTAX;
  sim_siu_set_port(svc, T_INDICATORS, (int)ind, (uint16_t)cmd);
  return 0;
}

static int32_t set_auxiliary(sim_service_t *svc, uint32_t aux, uint32_t cmd) {
  sim_siu_state_t *d = st(svc);
  siu_caps_t c = caps();
  if (aux >= SIU_NPORTS || !c.aux[aux]) return E_INVALID_PORT;
  switch (aux) {
  case A_VOLUME:
    if (cmd < 1 || cmd > 1000) return E_SYNTAX;
    break;
  case A_UPS:
    if (cmd != V_ENGAGE && cmd != V_DISENGAGE) return E_SYNTAX;
    cmd = cmd == V_ENGAGE ? (uint32_t)(d->aux[A_UPS] | V_UPS_ENGAGED) : (uint32_t)(d->aux[A_UPS] & ~V_UPS_ENGAGED);
    break;
  default:
    if (cmd != V_OFF && cmd != V_ON) return E_SYNTAX;
  }
  sim_siu_set_port(svc, T_AUXILIARIES, (int)aux, (uint16_t)cmd);
  return 0;
}

static int32_t set_guidlight(sim_service_t *svc, uint32_t light, uint32_t cmd) {
  siu_caps_t c = caps();
  if (light >= SIU_NPORTS || !c.guid[light]) return E_INVALID_PORT;
  if (cmd == V_ON) cmd = V_CONTINUOUS;
  if (!cmd || (cmd & (cmd - 1)) || (cmd & c.guid[light]) != cmd) return E_SYNTAX;
  sim_siu_set_port(svc, T_GUIDLIGHTS, (int)light, (uint16_t)cmd);
  return 0;
}

/* Only the fields the mode uses are checked (and kept); WFS_ERR_INVALID_DATA when out of range. */
static int32_t set_autostartup(sim_siu_state_t *d, const sim_input_t *in) {
  uint32_t mode = in->w[0], year = in->w[2], month = in->w[3], dow = in->w[4], day = in->w[5], hour = in->w[6], minute = in->w[7];
  if (mode == AS_CLEAR) { d->autostart_mode = AS_CLEAR; memset(d->autostart, 0, sizeof d->autostart); return 0; }
  if (mode != AS_SPECIFIC && mode != AS_DAILY && mode != AS_WEEKLY) return E_SYNTAX;
  if (!in->w[1] || hour > 23 || minute > 59) return R_INVALID_DATA;
  if (mode == AS_WEEKLY && dow > 6) return R_INVALID_DATA;
  if (mode == AS_SPECIFIC && (year < 1601 || month < 1 || month > 12 || day < 1 || day > 31)) return R_INVALID_DATA;
  d->autostart_mode = (uint16_t)mode;
  uint16_t t[6] = { (uint16_t)(mode == AS_SPECIFIC ? year : 0), (uint16_t)(mode == AS_SPECIFIC ? month : 0),
                    (uint16_t)(mode == AS_WEEKLY ? dow : 0), (uint16_t)(mode == AS_SPECIFIC ? day : 0), (uint16_t)hour, (uint16_t)minute };
  memcpy(d->autostart, t, sizeof t);
  return 0;
}

static int32_t execute(sim_service_t *svc, sim_request_t *req, wfs_result_t *r) {
  (void)r;
  uint32_t a = req->in.w[0], b = req->in.w[1];
  switch (req->code) {
  case CMD_ENABLE_EVENTS: return enable_events(svc, req);
  case CMD_SET_DOOR: return set_door(svc, a, b);
  case CMD_SET_INDICATOR: return set_indicator(svc, a, b);
  case CMD_SET_AUXILIARY: return set_auxiliary(svc, a, b);
  case CMD_SET_GUIDLIGHT: return set_guidlight(svc, a, b);
  case CMD_SET_AUTOSTARTUP_TIME: return set_autostartup(st(svc), &req->in);
  case CMD_POWER_SAVE_CONTROL: {
    /* the simulated unit needs 2 s to wake: a shorter maximum recovery time is refused; 0 wakes it */
    uint16_t t = (uint16_t)req->in.w[0];
    if (t == 1) return E_POWERSAVETOOSHORT;
    if (t != st(svc)->power_save_time) {
      st(svc)->power_save_time = t;
      sim_event(svc, EVC_SERVICE, NULL, EV_POWER_SAVE_CHANGE, fill_power_save, &st(svc)->power_save_time);
    }
    return 0;
  }
  case CMD_RESET: {
    siu_caps_t c = caps();
    for (int i = 0; i < SIU_NPORTS; i++) if (c.guid[i]) sim_siu_set_port(svc, T_GUIDLIGHTS, i, V_OFF);
    sim_siu_set_port(svc, T_AUXILIARIES, A_AUDIBLE_ALARM, V_OFF);
    return 0;
  }
  default: return R_UNSUPP_COMMAND;
  }
}

static const char *const EXTRA[] = { "Simulator=xfs4iot-gateway", "Model=SIM-SIU-1", NULL };

static int32_t info(sim_service_t *svc, sim_request_t *req, wfs_result_t *r) {
  sim_siu_state_t *d = st(svc);
  uint16_t v = req->version;
  size_t ns = (size_t)SIU_NSENSORS * 2, np = SIU_NPORTS * 2;
  if (req->code == INF_STATUS) {
    siu_status_v320_t *s = sim_alloc_more(r, V320(v) ? sizeof(siu_status_v320_t) : sizeof(siu_status_v300_t));
    uint8_t *p = (uint8_t *)s;
    uint16_t dev = STAT_DEVONLINE;
    memcpy(p, &dev, 2); p += 2;
    memcpy(p, d->sensors, ns); p += ns;
    memcpy(p, d->doors, np); p += np;
    memcpy(p, d->indicators, np); p += np;
    memcpy(p, d->aux, np); p += np;
    memcpy(p, d->guid, np); p += np;
    char *extra = sim_extra_more(r, EXTRA);
    memcpy(p, &extra, sizeof extra);
    if (V320(v)) { s->usPowerSaveRecoveryTime = d->power_save_time; s->wAntiFraudModule = 0; }
    r->lpBuffer = s;
    return 0;
  }
  if (req->code == INF_CAPABILITIES) {
    size_t sz = V330(v) ? sizeof(siu_caps_v330_t) : V320(v) ? sizeof(siu_caps_v320_t) : sizeof(siu_caps_v300_t);
    siu_caps_v330_t *cp = sim_alloc_more(r, sz);
    siu_caps_t c = caps();
    uint8_t *p = (uint8_t *)cp;
    uint16_t head[2] = { 8, T_SENSORS | T_DOORS | T_INDICATORS | T_AUXILIARIES | T_GUIDLIGHTS };
    memcpy(p, head, 4); p += 4;
    memcpy(p, c.sensors, ns); p += ns;
    memcpy(p, c.doors, np); p += np;
    memcpy(p, c.ind, np); p += np;
    memcpy(p, c.aux, np); p += np;
    memcpy(p, c.guid, np); p += np;
    char *extra = sim_extra_more(r, EXTRA);
    memcpy(p, &extra, sizeof extra);
    if (V320(v)) { cp->bPowerSaveControl = 1; cp->fwAutoStartupMode = AS_SPECIFIC | AS_DAILY | AS_WEEKLY; cp->bAntiFraudModule = 0; }
    if (V330(v)) cp->lpdwSynchronizableCommands = sim_alloc_more(r, sizeof(uint32_t));
    r->lpBuffer = cp;
    return 0;
  }
  if (req->code == INF_GET_AUTOSTARTUP_TIME) {
    siu_startup_time_t *g = sim_alloc_more(r, sizeof *g);
    g->wMode = d->autostart_mode;
    if (d->autostart_mode != AS_CLEAR) {
      sim_systemtime_t *t = sim_alloc_more(r, sizeof *t);
      t->wYear = d->autostart[0]; t->wMonth = d->autostart[1]; t->wDayOfWeek = d->autostart[2]; t->wDay = d->autostart[3];
      t->wHour = d->autostart[4]; t->wMinute = d->autostart[5];
      g->lpStartTime = t;
    }
    r->lpBuffer = g;
    return 0;
  }
  return R_UNSUPP_CATEGORY;
}

const sim_class_t sim_siu_class = { parse_exec, parse_info, execute, info, init, NULL, NULL };
