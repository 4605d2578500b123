// An MQTT subscriber for box-level tests: records every message under a filter with its arrival
// time, so a test can check what a Home Assistant client would have seen and when.
import mqtt, { type MqttClient } from 'mqtt';

export interface MqttMessage {
  topic: string;
  text: string;
  retain: boolean;
  /** Epoch ms of arrival. */
  at: number;
}

export class MqttListener {
  readonly messages: MqttMessage[] = [];

  private constructor(readonly client: MqttClient) {
    client.on('message', (topic, payload, packet) => this.messages.push({ topic, text: payload.toString(), retain: packet.retain, at: Date.now() }));
  }

  static async open(port: number, filter: string, auth: { username?: string; password?: string } = {}): Promise<MqttListener> {
    const client = await mqtt.connectAsync({ host: '127.0.0.1', port, protocol: 'mqtt', reconnectPeriod: 1000, ...auth });
    const l = new MqttListener(client);
    await client.subscribeAsync(filter, { qos: 1 });
    return l;
  }

  /** Payloads seen on `topic`, oldest first. */
  texts(topic: string): string[] {
    return this.messages.filter((m) => m.topic === topic).map((m) => m.text);
  }

  last(topic: string): MqttMessage | undefined {
    return this.messages.filter((m) => m.topic === topic).at(-1);
  }

  async close(): Promise<void> {
    await this.client.endAsync(true);
  }
}
