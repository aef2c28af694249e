// Driven adapter: leadership's SNS topic (email subscriptions and whatever else subscribes).
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { Config } from '../config';
import { lacking, missing } from '../missing';
import type { LeadershipChannel, OrganizationChannel } from '../ports';

export class SnsLeadershipChannel implements LeadershipChannel {
  private readonly client: SNSClient;
  private readonly topicArn: string;

  constructor(options: { client: SNSClient; topicArn: string }) {
    this.client = options.client;
    this.topicArn = options.topicArn;
  }

  async publish(message: {
    subject: string;
    body: string;
    attributes: Record<string, string>;
  }): Promise<void> {
    await this.client.send(
      new PublishCommand({
        TopicArn: this.topicArn,
        Subject: message.subject,
        Message: message.body,
        MessageAttributes: Object.fromEntries(
          Object.entries(message.attributes).map(([name, value]) => [
            name,
            { DataType: 'String', StringValue: value },
          ]),
        ),
      }),
    );
  }
}

/** The channel to the configured topic, or a stand-in that names the missing variable on first use. */
export function leadershipChannelFor(config: Config, client: SNSClient): LeadershipChannel {
  return config.leadershipTopicArn
    ? new SnsLeadershipChannel({ client, topicArn: config.leadershipTopicArn })
    : missing<LeadershipChannel>(lacking(config, ['leadershipTopicArn'], client, 'an SNS client'));
}

/**
 * The organizations' topic (#15): the same publish, to another topic; the `organizationId` attribute the
 * port requires is what each subscription's filter policy matches.
 */
export function organizationChannelFor(config: Config, client: SNSClient): OrganizationChannel {
  return config.organizationTopicArn
    ? new SnsLeadershipChannel({ client, topicArn: config.organizationTopicArn })
    : missing<OrganizationChannel>(lacking(config, ['organizationTopicArn'], client, 'an SNS client'));
}
