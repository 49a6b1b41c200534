/** The parts of express-formidable 1.x (formidable 1.x underneath) the panel uses. */
declare module 'express-formidable' {
  import type { Request, Response, NextFunction, RequestHandler } from 'express';

  export interface FormidableFile {
    path: string;
    name: string | null;
    type: string | null;
    size: number;
  }

  export interface FormidableEvent {
    event: string;
    action: (req: Request, res: Response, next: NextFunction, ...args: never[]) => void;
  }

  export default function expressFormidable(options?: Record<string, unknown>, events?: FormidableEvent[]): RequestHandler;
}
