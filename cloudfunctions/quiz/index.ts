import { z } from 'zod';
import { defineFunction } from '../../server/runtime/define-function';
import { cloudHost } from '../../server/platform/cloud-host';
import { action, learner } from '../../server/runtime/action';
import { Id } from '../../server/runtime/schemas';
import * as quizzes from '../../server/domain/quizzes/quiz.service';
import { QUIZ_MAX_QUESTIONS } from '../../server/domain/quizzes/quiz.policy';

export const main = defineFunction(
  'quiz',
  {
    get: action({
      summary: '文章的测验：题目与选项（不含答案），以及我的最好成绩；仅限能完整阅读的文章',
      audience: learner,
      input: z.strictObject({ articleId: Id }),
      handler: (ctx, input) => quizzes.getQuiz(ctx, input.articleId),
    }),
    submit: action({
      summary: '提交测验：每题一个选项序号（从 0 开始），返回得分；每次提交都记录，保留最好成绩',
      audience: learner,
      input: z.strictObject({ articleId: Id, answers: z.array(z.number().int().min(0).max(100)).max(QUIZ_MAX_QUESTIONS) }),
      handler: (ctx, input) => quizzes.submitQuiz(ctx, input.articleId, input.answers),
    }),
  },
  { cloud: cloudHost },
);
