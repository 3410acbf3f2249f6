import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { QueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import type { NewVocabulary, NewVocabularyTag, TagChanges, VocabularyChanges } from "../../api/types";

// The same cache entries as the contribution forms and the dataset filters use.
const vocabulariesKey = ["vocabularies"] as const;
const tagsKey = ["tags"] as const;

export function useVocabularies() {
  return useQuery({
    queryKey: vocabulariesKey,
    queryFn: async () => (await unwrap(api.GET("/api/v1/vocabularies"))).items,
    staleTime: 5 * 60_000,
  });
}

/** Any change to a vocabulary or a tag: both lists are fetched again (tag labels show everywhere). */
function refresh(queryClient: QueryClient) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: vocabulariesKey }),
    queryClient.invalidateQueries({ queryKey: tagsKey }),
  ]);
}

export function useCreateVocabulary() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NewVocabulary) => unwrap(api.POST("/api/v1/vocabularies", { body })),
    onSuccess: () => refresh(queryClient),
  });
}

export function useUpdateVocabulary() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ key, changes }: { key: string; changes: VocabularyChanges }) =>
      unwrap(api.PATCH("/api/v1/vocabularies/{key}", { params: { path: { key } }, body: changes })),
    onSuccess: () => refresh(queryClient),
  });
}

export function useCreateTag() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ vocabulary, tag }: { vocabulary: string; tag: NewVocabularyTag }) =>
      unwrap(api.POST("/api/v1/vocabularies/{key}/tags", { params: { path: { key: vocabulary } }, body: tag })),
    onSuccess: () => refresh(queryClient),
  });
}

export function useUpdateTag() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ key, changes }: { key: string; changes: TagChanges }) =>
      unwrap(api.PATCH("/api/v1/tags/{key}", { params: { path: { key } }, body: changes })),
    onSuccess: () => refresh(queryClient),
  });
}

export function useDeleteTag() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (key: string) => unwrap(api.DELETE("/api/v1/tags/{key}", { params: { path: { key } } })),
    onSuccess: () => refresh(queryClient),
  });
}
