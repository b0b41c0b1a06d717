import { Module } from '@nestjs/common';
import { ScanHandler } from './handlers/scan.handler';

@Module({ controllers: [ScanHandler] })
export class ScannerModule {}
