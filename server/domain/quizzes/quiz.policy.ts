import { z } from 'zod';
import { AppError } from '../../runtime/errors';

/**
 * Quizzes (issue 16): single-choice questions attached to one article. The answers are the
 * creator's and never leave the server for a learner; scoring happens here, once.
 */
export const QUIZ_MAX_QUESTIONS = 50;
export const QUIZ_MAX_OPTIONS = 8;
/** A submission passes from 60 % of the questions right (the usual pass mark of course exams). */
export const QUIZ_PASS_PERCENT = 60;

export interface QuizQuestion {
  prompt: string;
  options: string[];
  answer: number;
}

const Question = z
  .strictObject({
    prompt: z.string().trim().min(1, '题目不能为空').max(500),
    options: z
      .array(z.string().trim().min(1, '选项不能为空').max(200))
      .min(2, '每题至少 2 个选项')
      .max(QUIZ_MAX_OPTIONS, `每题最多 ${QUIZ_MAX_OPTIONS} 个选项`),
    answer: z.number().int().min(0),
  })
  .superRefine((q, ctx) => {
    if (q.answer >= q.options.length) ctx.addIssue({ code: 'custom', path: ['answer'], message: '正确答案必须是其中一个选项' });
    if (new Set(q.options).size !== q.options.length) ctx.addIssue({ code: 'custom', path: ['options'], message: '选项不能重复' });
  });

export const QuizQuestions = z.array(Question).min(1, '至少 1 道题').max(QUIZ_MAX_QUESTIONS, `最多 ${QUIZ_MAX_QUESTIONS} 道题`);

/** What a learner sees of a question: the prompt and the options, never the answer. */
export const withoutAnswers = (questions: readonly QuizQuestion[]) => questions.map((q) => ({ prompt: q.prompt, options: [...q.options] }));

export const isPassing = (score: number, total: number): boolean => total > 0 && score * 100 >= total * QUIZ_PASS_PERCENT;

export interface QuizScore {
  score: number;
  total: number;
  passed: boolean;
}

/** Scores one submission; one answer per question, each an index of that question's options — else INVALID_INPUT. */
export function scoreQuiz(questions: readonly QuizQuestion[], answers: readonly number[]): QuizScore {
  if (answers.length !== questions.length) {
    throw new AppError('INVALID_INPUT', `需要回答全部 ${questions.length} 道题`, [
      { field: 'answers', message: `应有 ${questions.length} 个答案，收到 ${answers.length} 个` },
    ]);
  }
  const bad = answers.flatMap((a, i) =>
    a >= questions[i].options.length
      ? [{ field: `answers.${i}`, message: `第 ${i + 1} 题只有 ${questions[i].options.length} 个选项` }]
      : [],
  );
  if (bad.length) throw new AppError('INVALID_INPUT', '答案超出了选项范围', bad);
  const score = questions.reduce((n, q, i) => n + (q.answer === answers[i] ? 1 : 0), 0);
  return { score, total: questions.length, passed: isPassing(score, questions.length) };
}
