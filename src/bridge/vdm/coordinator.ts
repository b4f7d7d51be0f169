// The vendor mode handshake on the gateway's side. To the 3.x VDM service the gateway is one
// application, registered for its events; to XFS4IoT it stands for every client that called
// VendorMode.Register. When 3.x asks to enter or exit (WFS_SRVE_VDM_*_MODE_REQ), the gateway
// acknowledges (WFS_CMD_VDM_*_MODE_ACK) once each registered client has acknowledged or gone. When
// the mode was entered for a vendor application outside the gateway, device commands of every
// service stop until the mode is left: the gateway promised, by acknowledging, to keep off the devices.
import type { XfsCompletion } from '../../legacy-xfs3/types.ts';
import type { Coordinator, CoordinatorAccess } from '../coordinator.ts';

export type Mode = 'enter' | 'exit';

/** States of one handshake, as 3.x reports them. */
type Handshake =
  | { state: 'idle' }
  /** Asked by 3.x; `answered` once the gateway's own acknowledgement went out. */
  | { state: 'asked'; mode: Mode; acknowledged: Set<number>; answered: boolean; outside: boolean };

export class VendorModeCoordinator implements Coordinator {
  private readonly registered = new Map<number, string>();
  private handshake: Handshake = { state: 'idle' };
  /** A client of this service has a request of this mode running (the mode is then not an outsider's). */
  private ownRequest: Mode | undefined;

  constructor(private readonly access: CoordinatorAccess) {}

  register(connectionId: number, appName: string): void {
    this.registered.set(connectionId, appName);
  }

  /** Names the registered clients gave, each once. */
  get applications(): string[] {
    return [...new Set(this.registered.values())].filter((name) => name !== '');
  }

  /** A client's EnterModeRequest / ExitModeRequest runs (undefined when it ended). */
  requesting(mode: Mode | undefined): void {
    this.ownRequest = mode;
  }

  /** WFS_SRVE_VDM_ENTER_MODE_REQ / EXIT_MODE_REQ: the registered clients are asked. */
  asked(mode: Mode): void {
    this.handshake = { state: 'asked', mode, acknowledged: new Set(), answered: false, outside: this.ownRequest !== mode };
    void this.answerWhenAllHave();
  }

  /**
   * A client acknowledges: 'notAsked' when 3.x asked nothing of this mode; else the gateway's own
   * 3.x acknowledgement when this was the last one awaited (undefined when others are still awaited).
   */
  acknowledge(connectionId: number, mode: Mode): 'notAsked' | Promise<XfsCompletion<unknown> | undefined> {
    const h = this.handshake;
    if (h.state !== 'asked' || h.mode !== mode || h.answered) return 'notAsked';
    h.acknowledged.add(connectionId);
    return this.answerWhenAllHave();
  }

  connectionClosed(connectionId: number): void {
    this.registered.delete(connectionId);
    void this.answerWhenAllHave();
  }

  /** WFS_SYSE_VDM_MODEENTERED / MODEEXITED. */
  changed(mode: Mode): void {
    const h = this.handshake;
    if (mode === 'enter' && h.state === 'asked' && h.outside) {
      this.access.devices.hold(this.access.service, `vendor mode: a vendor application outside the gateway has the devices (XFS 3.x VDM, service ${this.access.service}); device commands are refused until VendorMode.ModeExitedEvent`);
      this.access.log.warn({ service: this.access.service }, 'vendor mode entered for an application outside the gateway: device commands of every service refused until it exits');
    }
    if (mode === 'exit') this.access.devices.release(this.access.service);
    this.handshake = { state: 'idle' };
  }

  private async answerWhenAllHave(): Promise<XfsCompletion<unknown> | undefined> {
    const h = this.handshake;
    if (h.state !== 'asked' || h.answered) return undefined;
    for (const connectionId of this.registered.keys()) if (!h.acknowledged.has(connectionId)) return undefined;
    h.answered = true;
    const command = h.mode === 'enter' ? 'WFS_CMD_VDM_ENTER_MODE_ACK' : 'WFS_CMD_VDM_EXIT_MODE_ACK';
    try {
      const done = await this.access.execute(command);
      if (!done.ok) this.access.log.warn({ command, result: done.name }, 'the gateway\'s vendor mode acknowledgement failed');
      return done;
    } catch (error) {
      this.access.log.warn({ command, err: (error as Error).message }, 'the gateway\'s vendor mode acknowledgement could not be sent');
      return undefined;
    }
  }
}
