import { Testing } from 'cdktf';
// Brings the declarations of cdktf's jest matchers (toHaveResourceWithProperties, ...) into the type check.
import type {} from 'cdktf/lib/testing/adapters/jest';

Testing.setupJest();
