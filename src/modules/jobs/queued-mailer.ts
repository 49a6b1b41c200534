import type { Mail, Mailer } from '../../shared/mailer.js';
import type { JobQueue } from './jobs.types.js';

/** Sends through the queue: the mail.send job delivers it, retrying with backoff while the SMTP server refuses. */
export class QueuedMailer implements Mailer {
  constructor(private readonly queue: Pick<JobQueue, 'enqueue'>) {}

  async send(mail: Mail): Promise<void> {
    await this.queue.enqueue('mail.send', { to: mail.to, subject: mail.subject, text: mail.text });
  }
}
