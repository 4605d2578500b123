// /api/tokens (admin): API tokens for integrations. The value is shown once, at creation.
import { Router, type RequestHandler } from 'express';
import { AppError } from '../../lib/errors';
import type { Logger } from '../../lib/logger';
import { parseWith } from '../validate';
import { createTokenBodySchema, tokenIdParamsSchema } from './auth.schemas';
import { principalOf } from './principal';
import type { TokenAdminService } from './token-admin.service';

export interface TokenRouteDeps {
  tokens: TokenAdminService;
  requireAdmin: RequestHandler;
  log: Logger;
}

export function tokenRoutes(deps: TokenRouteDeps): Router {
  const r = Router();
  const { tokens, requireAdmin, log } = deps;

  r.get('/tokens', requireAdmin, (_req, res) => {
    res.json(tokens.list());
  });

  r.post('/tokens', requireAdmin, (req, res) => {
    const body = parseWith(createTokenBodySchema, req.body ?? {}, 'body');
    const me = principalOf(req);
    const owner = body.username ?? (me?.userId !== null ? me?.username : undefined);
    if (!owner) throw new AppError('bad_request', 'body.username: required when authentication is disabled');
    const created = tokens.create(owner, body.name);
    log.info({ token_id: created.id, owner: created.username, by: me?.username }, 'API token created');
    res.set('Cache-Control', 'no-store');
    res.status(201).json(created);
  });

  r.delete('/tokens/:id', requireAdmin, (req, res) => {
    const { id } = parseWith(tokenIdParamsSchema, req.params, 'params');
    const t = tokens.revoke(id);
    log.info({ token_id: t.id, owner: t.username, by: principalOf(req)?.username }, 'API token revoked');
    res.status(204).end();
  });

  return r;
}
