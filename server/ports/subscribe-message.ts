/**
 * Subscription messages (订阅消息): one message per one-time grant the learner accepted with
 * `wx.requestSubscribeMessage`. Cloud: `subscribeMessage.send` through wx-server-sdk's openapi;
 * local: a recorded outbox (the `message_outbox` table, shown in the CMS). The domain speaks in
 * what the message says; the adapter maps it onto its template's fields.
 */
export interface NewLessonMessage {
  /** The learner's openid. */
  touser: string;
  /** The mini program page the message opens. */
  page: string;
  columnTitle: string;
  articleTitle: string;
  publishedAt: Date;
}

/** WeChat refused the message; `permanent` when retrying cannot help (no grant left, blocked). */
export class SubscribeMessageRefused extends Error {
  constructor(
    message: string,
    readonly errCode: number | null,
  ) {
    super(message);
    this.name = 'SubscribeMessageRefused';
  }
}

export interface SubscribeMessenger {
  /** The one-time template the mini program asks the learner to accept (its id in 订阅消息). */
  readonly newLessonTemplateId: string;
  /** Sends one message; throws when it was not sent. */
  sendNewLesson(message: NewLessonMessage): Promise<void>;
}
