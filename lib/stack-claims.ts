import { TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { HostClaims, checkNoCollision } from './validation';
import { checkOneDefaultDatasource } from './validation/peering';

/** Construct id of a stack's claims: one per stack, beside the user's constructs. */
const ID = 'prometheus-tls-proxy-claims';

/**
 * What the instances of one stack claim, kept in that stack's construct tree rather than in
 * module-level state: a construct that declares no resources. Each instance's Docker host claims
 * (ports, names, aliases) are checked against the instances declared before it, and each Grafana
 * provisioning directory takes one default datasource.
 */
export class StackClaims extends Construct {
  /** The claims of `scope`'s stack, declared on first use. */
  public static of(scope: IConstruct): StackClaims {
    const stack = TerraformStack.of(scope);
    return (stack.node.tryFindChild(ID) as StackClaims | undefined) ?? new StackClaims(stack, ID);
  }

  private readonly hosts: HostClaims[] = [];
  /** Provisioning directory → path of the instance whose datasource is the default there. */
  private readonly defaultDatasources = new Map<string, string>();

  /**
   * Registers what an instance publishes on its Docker host, refusing a clash with an instance declared before.
   * @param claims the instance's host, ports, names and aliases
   */
  public claimHost(claims: HostClaims): void {
    checkNoCollision(claims, this.hosts);
    this.hosts.push(claims);
  }

  /**
   * Registers the default datasource of a Grafana provisioning directory, refusing a second one.
   * @param directory the provisioning directory
   * @param path the construct path of the instance whose datasource it is
   */
  public claimDefaultDatasource(directory: string, path: string): void {
    checkOneDefaultDatasource(directory, path, this.defaultDatasources.get(directory));
    this.defaultDatasources.set(directory, path);
  }
}
