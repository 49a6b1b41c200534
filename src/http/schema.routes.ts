import { Router } from 'express';
import yaml from 'js-yaml';
import swaggerUi from 'swagger-ui-express';
import helmet from 'helmet';

/** The document and its Swagger UI, served before the validator (which only knows API paths). */
export function schemaRoutes(document: object): Router {
  const router = Router();
  const asYaml = yaml.dump(document, { noRefs: true, lineWidth: 120 });
  router.get('/api/schema', (req, res) => {
    const accept = req.get('accept') ?? '';
    if (accept.includes('application/json') && !accept.includes('yaml')) {
      res.json(document);
      return;
    }
    res.type('application/yaml').send(asYaml);
  });
  router.use(
    '/api/schema/swagger-ui',
    // Swagger UI needs inline styles and data: images; the rest of the API keeps 'none'.
    helmet({
      contentSecurityPolicy: {
        directives: { defaultSrc: ["'self'"], imgSrc: ["'self'", 'data:'], styleSrc: ["'self'", "'unsafe-inline'"], scriptSrc: ["'self'"], connectSrc: ["'self'"] },
      },
    }),
    swaggerUi.serve,
    swaggerUi.setup(undefined, {
      customSiteTitle: 'Rhythmo API',
      swaggerOptions: { url: '/api/schema', persistAuthorization: true, displayRequestDuration: true },
    }),
  );
  return router;
}
