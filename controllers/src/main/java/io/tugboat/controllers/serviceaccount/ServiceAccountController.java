package io.tugboat.controllers.serviceaccount;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.tugboat.controllers.support.LoopController;
import io.tugboat.controllers.support.SharedInformers;
import java.time.Duration;
import java.util.Optional;

/** Every active namespace has a ServiceAccount named {@code default} (kube's serviceaccounts controller). */
public final class ServiceAccountController extends LoopController<String> {

    static final String DEFAULT = "default";

    private final KubernetesClient client;
    private final SharedIndexInformer<Namespace> namespaces;
    private final SharedIndexInformer<ServiceAccount> accounts;

    public ServiceAccountController(KubernetesClient client, SharedInformers informers) {
        super("serviceaccount", 2);
        this.client = client;
        this.namespaces = informers.forKind(Namespace.class);
        this.accounts = informers.forKind(ServiceAccount.class);
        namespaces.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Namespace ns) {
                loop().enqueue(ns.getMetadata().getName());
            }

            @Override
            public void onUpdate(Namespace before, Namespace after) {
                loop().enqueue(after.getMetadata().getName());
            }

            @Override
            public void onDelete(Namespace ns, boolean unknownFinalState) {
            }
        });
        accounts.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(ServiceAccount sa) {
            }

            @Override
            public void onUpdate(ServiceAccount before, ServiceAccount after) {
            }

            @Override
            public void onDelete(ServiceAccount sa, boolean unknownFinalState) {
                if (DEFAULT.equals(sa.getMetadata().getName())) {
                    loop().enqueue(sa.getMetadata().getNamespace());
                }
            }
        });
    }

    @Override
    protected Optional<Duration> reconcile(String namespace) {
        Namespace ns = namespaces.getIndexer().getByKey(namespace);
        if (ns == null || ns.getMetadata().getDeletionTimestamp() != null
                || (ns.getStatus() != null && "Terminating".equals(ns.getStatus().getPhase()))) {
            return Optional.empty();
        }
        if (accounts.getIndexer().getByKey(namespace + "/" + DEFAULT) != null) {
            return Optional.empty();
        }
        try {
            client.serviceAccounts().inNamespace(namespace).resource(new ServiceAccountBuilder().withNewMetadata()
                    .withName(DEFAULT).withNamespace(namespace).endMetadata().build()).create();
        } catch (KubernetesClientException e) {
            // 409: it exists and our cache is behind; 403/404: the namespace is going away
            if (e.getCode() != 409 && e.getCode() != 403 && e.getCode() != 404) {
                throw e;
            }
        }
        return Optional.empty();
    }
}
