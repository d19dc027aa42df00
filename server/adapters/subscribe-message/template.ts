import type { NewLessonMessage } from '../../ports/subscribe-message';

/**
 * The new-lesson template's fields, as the template chosen in 订阅消息 defines them (the common
 * 「课程更新提醒」 template: 课程名称 thing1, 更新内容 thing2, 更新时间 time3). `thing` values are
 * at most 20 characters, or WeChat refuses the whole message (47003).
 */
const thing = (s: string) => ([...s].length > 20 ? [...s].slice(0, 19).join('') + '…' : s);

function shanghaiMinute(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

export function newLessonData(m: NewLessonMessage): Record<string, { value: string }> {
  return {
    thing1: { value: thing(m.columnTitle) },
    thing2: { value: thing(m.articleTitle) },
    time3: { value: shanghaiMinute(m.publishedAt) },
  };
}
