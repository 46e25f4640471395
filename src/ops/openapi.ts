import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** OpenAPI generated from the controllers and DTOs, served at /docs (JSON at /docs-json). */
export function mountOpenApi(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('E-commerce tax-compliance matcher')
      .setDescription(
        'Platforms push seller and revenue batches; the tax authority pushes its registry, declarations and e-invoices; ' +
          'officers work ranked cases; auditors read the match history and the audit log. ' +
          'Every route except /health and /metrics needs `Authorization: Bearer <credential>`. Errors are `{code, message, status, correlationId}` with stable codes.',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
