import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { BatchFormat, BatchKind } from './batch.entity';
import { BatchKindHandler, INTAKE_KIND_KEY } from './batch-kind';

/** Every provider marked @IntakeKind(), by kind. Two handlers for one kind stop the boot. */
@Injectable()
export class BatchKindRegistry implements OnModuleInit {
  private readonly kinds = new Map<BatchKind, BatchKindHandler>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) {
      if (!wrapper.metatype || !wrapper.instance || !this.reflector.get(INTAKE_KIND_KEY, wrapper.metatype as Function)) continue;
      const handler = wrapper.instance as BatchKindHandler;
      if (this.kinds.has(handler.kind)) throw new Error(`two intake handlers for batch kind "${handler.kind}"`);
      this.kinds.set(handler.kind, handler);
    }
  }

  get(kind: string): BatchKindHandler | undefined {
    return this.kinds.get(kind as BatchKind);
  }

  all(): BatchKindHandler[] {
    return [...this.kinds.values()];
  }
}

export function formatsOf(handler: BatchKindHandler): readonly BatchFormat[] {
  return handler.formats ?? (handler.readXml ? ['csv', 'json', 'ndjson', 'xml'] : ['csv', 'json', 'ndjson']);
}
