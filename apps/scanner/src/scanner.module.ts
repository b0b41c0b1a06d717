import { Module } from '@nestjs/common';
import { InfraScanHandler } from './handlers/infra-scan.handler';
import { ScanHandler } from './handlers/scan.handler';
import { ValidateHandler } from './handlers/validate.handler';

@Module({ controllers: [ScanHandler, ValidateHandler, InfraScanHandler] })
export class ScannerModule {}
