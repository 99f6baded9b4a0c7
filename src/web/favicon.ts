/** staykey's mark: a key-shaped keyhole on the navy of the top bar. One small SVG, cached for a day. */
export const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#102a43"/>' +
  '<circle cx="16" cy="12.5" r="5.5" fill="#fff"/><path d="M13.6 15h4.8l1.6 10h-8z" fill="#fff"/></svg>';
